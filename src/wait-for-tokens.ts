/**
 * Waiting for a token that is valid by the wall clock right now. Every hand-out of a
 * token goes through here, so no timer, however late after a sleep, can make the session
 * hand out an expired token.
 */
import type { Actor } from 'xstate'
import type { sessionMachine } from '../machines/session.machine'
import { isUsable } from '../machines/session.timing'
import type { TokenSet } from '../machines/session.types'
import { isSessionError, SessionError, type SessionErrorCode } from './errors'

export type SessionActor = Actor<typeof sessionMachine>

export interface TokenWait {
  /** Further condition on the tokens (for example: newer than the ones held before). */
  accept?: (tokens: TokenSet) => boolean
  timeoutMs: number
  /** The wait ends when any of these aborts. */
  signals: readonly AbortSignal[]
  /** What the caller was waiting for, for the timeout message. */
  purpose: string
}

/** Resolve with the first tokens that are valid now and accepted; reject if the session fails. */
export function waitForTokens(
  actor: SessionActor,
  now: () => number,
  wait: TokenWait,
): Promise<TokenSet> {
  return new Promise<TokenSet>((resolve, reject) => {
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let subscription: { unsubscribe(): void } | undefined
    const onAbort = () =>
      finish(() => reject(new SessionError('aborted', `${wait.purpose}: the wait was aborted`)))
    const finish = (settle: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      subscription?.unsubscribe()
      for (const signal of wait.signals) signal.removeEventListener('abort', onAbort)
      settle()
    }

    const evaluate = () => {
      const snapshot = actor.getSnapshot()
      if (snapshot.status !== 'active') {
        return finish(() => reject(notRunning(wait.purpose)))
      }
      if (snapshot.value === 'failed') {
        return finish(() => reject(asSessionError(snapshot.context.error)))
      }
      const tokens = snapshot.context.tokens
      if (tokens === null) return
      if (isUsable(tokens, now())) {
        if (wait.accept === undefined || wait.accept(tokens)) finish(() => resolve(tokens))
        return
      }
      // The machine still believes the token is fresh (its timer is late): tell it to look.
      if (snapshot.value === 'active')
        queueMicrotask(() => actor.send({ type: 'CHECK', reason: 'caller' }))
    }

    if (wait.signals.some((signal) => signal.aborted)) return onAbort()
    for (const signal of wait.signals) signal.addEventListener('abort', onAbort, { once: true })
    timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new SessionError(
              'wait_timeout',
              `${wait.purpose}: no valid token within ${wait.timeoutMs} ms`,
            ),
          ),
        ),
      wait.timeoutMs,
    )
    subscription = actor.subscribe({
      next: evaluate,
      error: () =>
        finish(() =>
          reject(new SessionError('unexpected', `${wait.purpose}: the session crashed`)),
        ),
      complete: () => finish(() => reject(notRunning(wait.purpose))),
    })
    evaluate()
  })
}

export function notRunning(purpose: string): SessionError {
  return new SessionError(
    'not_running',
    `${purpose}: the session is not running (call session.start())`,
  )
}

/** Failures the machine decides on itself (it cannot build a SessionError), in words. */
const MACHINE_FAILURES: Partial<Record<SessionErrorCode, string>> = {
  member_session_ended:
    "the member's session ended (Wix refused its refresh token): log in again, or signOut()",
}

/** The machine holds the SessionError its actors threw; anything else is a bug, typed anyway. */
export function asSessionError(error: unknown): SessionError {
  if (isSessionError(error)) return error
  const code = (error as { code?: unknown } | null)?.code
  const known = typeof code === 'string' ? MACHINE_FAILURES[code as SessionErrorCode] : undefined
  if (known !== undefined) return new SessionError(code as SessionErrorCode, known)
  return new SessionError(
    'unexpected',
    `the session failed${typeof code === 'string' ? ` (${code})` : ''}`,
  )
}
