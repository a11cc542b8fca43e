/** The parameters of a model run's world: its two tabs, its endpoint and its sessions' policies. */
import type { RetryPolicy } from '../../../machines/session.types'

export type TabName = 'A' | 'B'
export const TAB_NAMES: readonly TabName[] = ['A', 'B']

export interface WorldParams {
  /** `expires_in` the endpoint issues, in seconds. */
  accessTokenLifetime: number
  rotateRefreshTokens: boolean
  retry: RetryPolicy
  requestTimeout: number
  /** How long a tab waits for the lock before stealing it (default requestTimeout + 5 s). */
  lockTimeout?: number
  /** The bound every wait must settle within. */
  waitTimeout: number
  /** Seeds each tab's jitter. */
  seed: number
  /**
   * `shared`: one store both tabs see, as IndexedDB is (the default). `per-tab`: a memory
   * store for each, so the channel is all that ties the tabs together.
   */
  storage?: 'shared' | 'per-tab'
}

export interface WorldOptions {
  /** Collects the chart transitions the sessions take (see test/support/transition-coverage). */
  taken?: Set<string>
}

export const DEFAULT_WORLD: WorldParams = {
  accessTokenLifetime: 600,
  rotateRefreshTokens: true,
  retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 4000 },
  requestTimeout: 2000,
  waitTimeout: 60_000,
  seed: 1,
}
