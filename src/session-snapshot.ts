/**
 * What `session.subscribe()` listeners see: the machine's snapshot reduced to what an app
 * renders. It names the session by `sessionId` and never carries a token.
 */
import type { SnapshotFrom, StateValue } from 'xstate'
import type { sessionMachine } from '../machines/session.machine'
import type { TokenRole } from '../machines/session.types'
import type { SessionError } from './errors'
import { asSessionError } from './wait-for-tokens'

/**
 * The session's top-level states.
 *
 * @example
 * ```ts
 * const busy: SessionStateName[] = ['restoring', 'anonymous', 'refreshing']
 * session.subscribe(({ state }) => spinner.toggle(busy.includes(state)))
 * ```
 */
export type SessionStateName =
  | 'idle'
  | 'restoring'
  | 'anonymous'
  | 'active'
  | 'expiring'
  | 'refreshing'
  | 'failed'

/**
 * What `session.subscribe()` listeners and `session.snapshot` give: the session reduced to
 * what an app renders. Never a token.
 *
 * @example
 * ```ts
 * session.subscribe((snapshot: SessionSnapshot) => {
 *   status.textContent = snapshot.error ? `failed: ${snapshot.error.code}` : snapshot.state
 * })
 * ```
 */
export interface SessionSnapshot {
  /** The top-level state; `idle` whenever the session is not running. */
  state: SessionStateName
  /** The full state path, e.g. `expiring.backingOff.waiting`. */
  detail: string
  running: boolean
  sessionId: string | null
  role: TokenRole | null
  /** Epoch ms at which the held access token expires. */
  expiresAt: number | null
  /** The error that put the session in `failed`, or the last failed attempt while retrying. */
  error: SessionError | null
  online: boolean
}

export function toSessionSnapshot(
  snapshot: SnapshotFrom<typeof sessionMachine>,
  running: boolean,
): SessionSnapshot {
  const detail = running ? statePath(snapshot.value) : 'idle'
  const { tokens, error, online } = snapshot.context
  return {
    state: (detail.split('.')[0] ?? 'idle') as SessionStateName,
    detail,
    running,
    sessionId: tokens?.sessionId ?? null,
    role: tokens?.role ?? null,
    expiresAt: tokens?.expiresAt ?? null,
    error: error === null ? null : asSessionError(error),
    online,
  }
}

/** `{ expiring: { backingOff: 'waiting' } }` → `expiring.backingOff.waiting`. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value
  const [key, child] = Object.entries(value)[0] ?? []
  if (key === undefined) return ''
  return child === undefined ? key : `${key}.${statePath(child as StateValue)}`
}

export function sameSnapshot(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return (
    a.detail === b.detail &&
    a.running === b.running &&
    a.sessionId === b.sessionId &&
    a.role === b.role &&
    a.expiresAt === b.expiresAt &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message &&
    a.online === b.online
  )
}
