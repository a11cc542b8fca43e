/**
 * One refresh per expired cookie per process. Concurrent requests carrying the same
 * refresh token share one promise (entry removed when it settles); its outcome is then
 * kept for a short while for requests that still carry the spent token, which a rotating
 * Wix would refuse. Both maps are bounded and belong to one `createServerSessions()`
 * instance; the spent ones expire lazily against `now()`, so no timer is ever armed.
 */
import type { TokenSet } from '../../machines/session.types'

/** What renewing a cookie's tokens came to. Transient failures are rejections, not kept. */
export type Renewal =
  /** The same visitor or member, with new tokens. */
  | { kind: 'refreshed'; tokens: TokenSet }
  /** Wix refused the visitor's refresh token: a new visitor took its place. */
  | { kind: 'replaced'; tokens: TokenSet }
  /** Wix refused the member's refresh token: the member's session has ended. */
  | { kind: 'ended' }

export interface RefreshSharingOptions {
  now: () => number
  /** Milliseconds an outcome is reused for the spent refresh token; 0 keeps none. */
  window: number
  /** The most entries in each map. */
  max: number
}

export interface RefreshSharing {
  /**
   * The outcome of renewing `refreshToken`: a recent one, the one in flight, or a new one
   * from `run`.
   */
  renew(refreshToken: string, run: () => Promise<Renewal>): Promise<Renewal>
}

export function createRefreshSharing({ now, window, max }: RefreshSharingOptions): RefreshSharing {
  const inFlight = new Map<string, Promise<Renewal>>()
  /** In insertion order, which is the order they were spent in. */
  const spent = new Map<string, { at: number; renewal: Renewal }>()
  // A clock set back makes an entry look as if spent in the future: it is dropped.
  const isRecent = (at: number, time: number) => time >= at && time - at < window

  const recent = (refreshToken: string): Renewal | undefined => {
    const time = now()
    for (const [key, entry] of spent) {
      if (isRecent(entry.at, time)) break
      spent.delete(key)
    }
    const entry = spent.get(refreshToken)
    return entry && isRecent(entry.at, time) ? entry.renewal : undefined
  }

  const remember = (refreshToken: string, renewal: Renewal) => {
    if (window <= 0) return
    spent.delete(refreshToken)
    spent.set(refreshToken, { at: now(), renewal })
    for (const key of spent.keys()) {
      if (spent.size <= max) break
      spent.delete(key)
    }
  }

  return {
    renew(refreshToken, run) {
      const reused = recent(refreshToken)
      if (reused) return Promise.resolve(reused)
      const pending = inFlight.get(refreshToken)
      if (pending) return pending
      const started = run().then((renewal) => {
        remember(refreshToken, renewal)
        return renewal
      })
      // Full: this one runs unshared, so memory stays bounded whatever arrives.
      if (inFlight.size < max) {
        inFlight.set(refreshToken, started)
        const settle = () => inFlight.delete(refreshToken)
        started.then(settle, settle)
      }
      return started
    },
  }
}
