/** What a benchmark run produces: the raw results behind `docs/performance.md`. */
import type { BundleSizeResult } from './bundle-size'
import type { CallsPerSecondResult } from './calls-per-second/index'
import type { ColdStartResult } from './cold-start'
import type { CrossTabResult } from './cross-tab'
import type { ServerExpiredCookieResult } from './server/expired-cookie'
import type { ServerFirstVisitResult } from './server/first-visit'
import type { ServerRequestsPerSecondResult } from './server/requests-per-second/index'
import type { MachineFacts } from './support/machine'
import type { TokenRequestsResult } from './token-requests/index'

export interface Measurements {
  tokenRequests: TokenRequestsResult[]
  callsPerSecond: CallsPerSecondResult
  coldStart: ColdStartResult
  crossTab: CrossTabResult[]
  bundleSize: BundleSizeResult[]
  serverRequestsPerSecond: ServerRequestsPerSecondResult
  serverExpiredCookie: ServerExpiredCookieResult
  serverFirstVisit: ServerFirstVisitResult
}

export interface BenchRun {
  /** The command that produced the run. */
  command: string
  /** ISO time the run started. */
  startedAt: string
  /** How long the whole run took, in seconds. */
  durationS: number
  machine: MachineFacts
  measurements: Measurements
}
