/**
 * 100 concurrent requests carrying one expired cookie, in Node: the token requests each
 * server side makes, against a mock that rotates refresh tokens and one that keeps them.
 * Each request goes through a real HTTP server (`site.ts`), whose server side then calls
 * the mock Wix API with the token it got, so an answer's visitor is the mock's word.
 * The ideal is one refresh for the 100, and one visitor in all the answers.
 */
import { MOCK_CLIENT_ID, WIX_ACCESS_TOKEN_LIFETIME } from '../../src/testing/index'
import {
  countRequests,
  startScenarioServer,
  TOKEN_REQUEST_LATENCY_MS,
  type TokenRequestCount,
} from '../token-requests/scenario'
import { installWixApiRoute } from '../token-requests/wix-api-route'
import { SERVER_VARIANTS, type ServerImplementation, serverSideOf } from './implementations'
import { startBenchSite } from './site'
import { cookieHeaderOf } from './template-cookies'

export const BURST_REQUESTS = 100
const ROUNDS = 3
/**
 * The minted cookie's access token lives 1 s, so it expires within the benchmark; the
 * tokens the burst gets live Wix's 4 hours, so no answer is slow enough to see them near
 * expiry on a loaded machine.
 */
const TOKEN_LIFETIME_S = 1
/** Past the expiry by more than `@wix/sdk`'s whole-second clock can hide. */
const EXPIRED_AFTER_MS = (TOKEN_LIFETIME_S + 1) * 1000 + 100

export interface ExpiredCookieRound {
  requests: TokenRequestCount
  /** Distinct visitors whose tokens the answers carried (the mock's word): ideally 1. */
  visitorsServed: number
  /** Answers that were not a 200 with a token Wix accepts. */
  failures: number
  /**
   * Token requests of one more request, carrying the cookie the browser keeps after the
   * burst (the last one the answers set, or the expired one if none did): ideally 0.
   */
  nextRequest: number
}

export interface ExpiredCookieRun {
  implementation: ServerImplementation
  rotateRefreshTokens: boolean
  rounds: ExpiredCookieRound[]
}

export interface ServerExpiredCookieResult {
  requests: number
  tokenLifetimeS: number
  latencyMs: number
  runs: ExpiredCookieRun[]
}

async function burst(implementation: ServerImplementation, rotate: boolean) {
  const mock = await startScenarioServer(rotate)
  mock.setAccessTokenLifetime(TOKEN_LIFETIME_S)
  const site = await startBenchSite(
    serverSideOf(implementation, { clientId: MOCK_CLIENT_ID, mock }),
    mock,
  )
  try {
    const first = await fetch(`${site.url}/api/session`)
    await first.arrayBuffer()
    const cookie = cookieHeaderOf(first.headers.getSetCookie())
    if (first.status !== 200 || cookie === '')
      throw new Error(`${implementation}: no cookie minted`)
    await new Promise((resolve) => setTimeout(resolve, EXPIRED_AFTER_MS))
    mock.setAccessTokenLifetime(WIX_ACCESS_TOKEN_LIFETIME)

    const before = mock.requests.length
    const served: (string | null)[] = []
    // The cookie the browser keeps: the last one the answers set, in the order they arrive.
    let kept = cookie
    const ask = async (sent: string) => {
      const response = await fetch(`${site.url}/api/session`, { headers: { cookie: sent } })
      const body = response.ok ? ((await response.json()) as { visitorId: string | null }) : null
      if (!response.ok) await response.arrayBuffer()
      kept = cookieHeaderOf(response.headers.getSetCookie()) || kept
      return body?.visitorId ?? null
    }
    await Promise.all(
      Array.from({ length: BURST_REQUESTS }, async () => served.push(await ask(cookie))),
    )
    const requests = countRequests(mock.requests.slice(before))
    const beforeNext = mock.requests.length
    await ask(kept)
    const visitors = served.filter((visitor) => visitor !== null)
    return {
      requests,
      visitorsServed: new Set(visitors).size,
      failures: BURST_REQUESTS - visitors.length,
      nextRequest: mock.requests.length - beforeNext,
    }
  } finally {
    await site.close()
    await mock.close()
  }
}

export async function benchServerExpiredCookie(): Promise<ServerExpiredCookieResult> {
  const uninstall = installWixApiRoute()
  try {
    const runs: ExpiredCookieRun[] = SERVER_VARIANTS.map(({ implementation, rotate }) => ({
      implementation,
      rotateRefreshTokens: rotate,
      rounds: [],
    }))
    for (let round = 0; round < ROUNDS; round++) {
      // The variants of one round run at once, each with its own site and mock.
      const results = await Promise.all(
        SERVER_VARIANTS.map(({ implementation, rotate }) => burst(implementation, rotate)),
      )
      for (const [index, result] of results.entries()) runs[index]?.rounds.push(result)
    }
    return {
      requests: BURST_REQUESTS,
      tokenLifetimeS: TOKEN_LIFETIME_S,
      latencyMs: TOKEN_REQUEST_LATENCY_MS,
      runs,
    }
  } finally {
    uninstall()
  }
}
