/**
 * What one token-request scenario is (N tabs × M callers × K token lifetimes), how long
 * it runs, and how a mock server's request log is counted.
 */
import { DEFAULT_REFRESH_MARGIN_MS } from '../../src/index'
import {
  type MockWixServer,
  startMockWixServer,
  type TokenRequestRecord,
  WIX_ACCESS_TOKEN_LIFETIME,
} from '../../src/testing/index'
import type { CallerTally, CallerWorkload } from '../workload/callers'

export interface TokenScenario {
  /** N: tabs of one browser (for `@wix/sdk`, independent instances). */
  tabs: number
  /** M: concurrent callers in each tab. */
  callers: number
  /** K: token lifetimes the callers run through. */
  lifetimes: number
}

/** Short enough that K lifetimes take seconds, long next to `@wix/sdk`'s 1 s clock. */
export const TOKEN_LIFETIME_S = 5

/** Each caller's pause between tokens: the API call it makes with one. */
export const CALLER_PAUSE_MS = 20

/**
 * How long every token request takes: the round trip to Wix that the loopback network
 * lacks. Without it a request takes a millisecond or two, and how many callers a lazy
 * refresher sends at once would hang on whether they happen to ask in that instant.
 */
export const TOKEN_REQUEST_LATENCY_MS = 100

/** A mock server for one implementation in one scenario. */
export async function startScenarioServer(rotateRefreshTokens: boolean): Promise<MockWixServer> {
  const server = await startMockWixServer({
    accessTokenLifetime: TOKEN_LIFETIME_S,
    rotateRefreshTokens,
  })
  server.injectFault({ delayMs: TOKEN_REQUEST_LATENCY_MS }, Number.POSITIVE_INFINITY)
  return server
}

/**
 * The callers run K lifetimes and 80% of one more: every implementation crosses exactly K
 * expiries, even `@wix/sdk`, whose whole-second expiry check keeps using a token for up to
 * a second past its expiry, and none reaches the (K+1)th.
 */
export function workloadOf(scenario: TokenScenario): CallerWorkload {
  return {
    callers: scenario.callers,
    durationMs: (scenario.lifetimes + 0.8) * TOKEN_LIFETIME_S * 1000,
    pauseMs: CALLER_PAUSE_MS,
  }
}

/**
 * This library's refresh margin for the benchmark's short tokens: the same share of a
 * lifetime as the default margin (5 minutes) is of a Wix token's (4 hours). With the
 * default, a token this short would be refreshed at half its life, twice per lifetime.
 */
export const SCALED_REFRESH_MARGIN_MS = Math.round(
  (TOKEN_LIFETIME_S * DEFAULT_REFRESH_MARGIN_MS) / WIX_ACCESS_TOKEN_LIFETIME,
)

/** The ideal for the whole browser: one visitor minted, then one refresh per lifetime. */
export const idealRequests = (scenario: TokenScenario) => 1 + scenario.lifetimes

export interface TokenRequestCount {
  total: number
  anonymous: number
  refresh: number
  /** Refreshes the server refused (a spent or revoked refresh token). */
  refreshRejected: number
  /** Anonymous grants that issued tokens: each is a new visitor. */
  visitorsMinted: number
}

export function countRequests(requests: readonly TokenRequestRecord[]): TokenRequestCount {
  const anonymous = requests.filter((request) => request.grantType === 'anonymous')
  const refresh = requests.filter((request) => request.grantType === 'refresh_token')
  return {
    total: requests.length,
    anonymous: anonymous.length,
    refresh: refresh.length,
    refreshRejected: refresh.filter((request) => request.outcome === 'rejected').length,
    visitorsMinted: anonymous.filter((request) => request.outcome === 'issued').length,
  }
}

/** What one implementation did in one scenario. */
export interface ImplementationRun {
  requests: TokenRequestCount
  callers: CallerTally
}
