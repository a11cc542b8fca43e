/**
 * Leadership for minting and refreshing: the machine sends `CLAIM` and `RELEASE`, this
 * actor answers `LEADERSHIP.GRANTED`, or `LEADERSHIP.LOST` when another tab stole it.
 *
 * Every wait is bounded. A leader holds the lock only for one token request and its
 * commit, which `requestTimeout` bounds; a claim that waits longer than `stealAfterMs`
 * concludes the holder is hung or frozen and steals the lock. A tab that closes or
 * crashes releases its lock at once, so the next tab takes over without waiting.
 */
import { fromCallback } from 'xstate'
import type { RefreshLockCommand, SessionEvent } from '../../machines/session.types'
import type { LockManagerLike } from '../locks/lock-manager'

export interface RefreshLockOptions {
  locks: LockManagerLike
  /** The lock's name; one per client ID, so two apps on one origin do not contend. */
  name: string
  /** How long a claim waits before it steals the lock from a presumed-hung holder. */
  stealAfterMs: number
}

interface Claim {
  abort: AbortController
  release: () => void
  held: boolean
  stealTimer?: ReturnType<typeof setTimeout>
}

/**
 * The `refreshLock` actor over a Web Locks-like lock manager.
 *
 * @example
 * ```ts
 * sessionMachine.provide({
 *   actors: { refreshLock: refreshLockActor({ locks: navigator.locks, name: 'app:lead', stealAfterMs: 15_000 }) },
 * })
 * ```
 */
export function refreshLockActor({ locks, name, stealAfterMs }: RefreshLockOptions) {
  return fromCallback<RefreshLockCommand>(({ sendBack, receive }) => {
    let claim: Claim | null = null
    const tell = (event: SessionEvent) => sendBack(event)

    const request = (steal: boolean) => {
      const mine: Claim = { abort: new AbortController(), release: () => undefined, held: false }
      const released = new Promise<void>((resolve) => {
        mine.release = resolve
      })
      claim = mine
      if (!steal) {
        mine.stealTimer = setTimeout(() => {
          if (claim !== mine || mine.held) return
          mine.abort.abort()
          request(true)
        }, stealAfterMs)
      }
      // `steal` and `signal` may not be combined: a steal is granted at once anyway.
      const lockOptions = steal ? { steal: true } : { signal: mine.abort.signal }
      locks
        .request(name, lockOptions, async () => {
          if (claim !== mine) return // released before the grant arrived
          mine.held = true
          clearTimeout(mine.stealTimer)
          tell({ type: 'LEADERSHIP.GRANTED' })
          await released
        })
        .catch(() => {
          // Aborted while waiting (a RELEASE, or replaced by a steal): nothing to report.
          // Rejected while held: another tab stole the lock.
          if (claim !== mine || !mine.held) return
          claim = null
          mine.release()
          tell({ type: 'LEADERSHIP.LOST' })
        })
    }

    const drop = () => {
      const current = claim
      if (!current) return
      claim = null
      clearTimeout(current.stealTimer)
      current.abort.abort()
      current.release()
    }

    receive((command) => {
      if (command.type === 'RELEASE') return drop()
      if (claim?.held) tell({ type: 'LEADERSHIP.GRANTED' })
      else if (!claim) request(false)
    })
    return drop
  })
}
