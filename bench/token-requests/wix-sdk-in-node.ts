/**
 * The baseline under the same token workload: the real `@wix/sdk` `OAuthStrategy`, which
 * refreshes lazily for each caller. It shares nothing between tabs and keeps tokens in
 * memory only, so N independent instances in Node stand for N tabs. Each caller asks
 * `getAuthHeaders()`, what `createClient` asks before every API call.
 */
import { OAuthStrategy } from '@wix/sdk'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { addTallies, runCallers } from '../workload/callers'
import {
  countRequests,
  type ImplementationRun,
  startScenarioServer,
  type TokenScenario,
  workloadOf,
} from './scenario'
import { routeTo } from './wix-api-route'

/** Needs `installWixApiRoute()` in force. */
export async function runWixSdkInNode(
  scenario: TokenScenario,
  rotateRefreshTokens: boolean,
): Promise<ImplementationRun> {
  const server = await startScenarioServer(rotateRefreshTokens)
  try {
    const instances = Array.from({ length: scenario.tabs }, () =>
      OAuthStrategy({
        clientId: MOCK_CLIENT_ID,
        tokenRequestOptions: { headers: routeTo(server) },
      }),
    )
    const workload = workloadOf(scenario)
    const tallies = await Promise.all(
      instances.map((auth) =>
        runCallers(workload, async () => {
          // OAuthStrategy ignores the host.
          const { headers } = await auth.getAuthHeaders(undefined)
          if (!headers.Authorization) throw new Error('@wix/sdk gave no Authorization header')
          return headers.Authorization
        }),
      ),
    )
    return { requests: countRequests(server.requests), callers: addTallies(tallies) }
  } finally {
    await server.close()
  }
}
