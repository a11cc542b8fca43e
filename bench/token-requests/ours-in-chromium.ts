/**
 * This library under the token workload: N real Chromium tabs of one browser context
 * (shared IndexedDB, Web Locks and BroadcastChannel), each starting its session and its
 * M callers at once.
 */
import { type BenchBrowser, openTab } from '../support/browser'
import { addTallies } from '../workload/callers'
import {
  countRequests,
  type ImplementationRun,
  SCALED_REFRESH_MARGIN_MS,
  startScenarioServer,
  type TokenScenario,
  workloadOf,
} from './scenario'

export async function runOursInChromium(
  rig: BenchBrowser,
  scenario: TokenScenario,
): Promise<ImplementationRun> {
  // This library must cope with rotating refresh tokens, the mock's default.
  const server = await startScenarioServer(true)
  const context = await rig.browser.newContext()
  try {
    const tabs = await Promise.all(
      Array.from({ length: scenario.tabs }, () =>
        openTab(rig, context, server, { refreshMargin: SCALED_REFRESH_MARGIN_MS }),
      ),
    )
    const workload = workloadOf(scenario)
    const tallies = await Promise.all(
      tabs.map((tab) => tab.evaluate((each) => window.benchTab.startAndRunCallers(each), workload)),
    )
    return { requests: countRequests(server.requests), callers: addTallies(tallies) }
  } finally {
    await context.close()
    await server.close()
  }
}
