/**
 * Every hand-out of a token: `getAccessToken()`, `getTokens()`, and the waits of
 * `refresh()`, `signOut()` and `importTokens()`. A token valid by the wall clock is
 * answered at once; otherwise the caller waits, bounded, for one.
 */
import { isFresh, isUsable } from '../machines/session.timing'
import type { TokenSet } from '../machines/session.types'
import { SessionError } from './errors'
import type { SessionRunner } from './session-runner'
import { notRunning, waitForTokens } from './wait-for-tokens'

/**
 * Options for one wait on the session.
 *
 * @example
 * ```ts
 * const wait: WaitOptions = { timeout: 5_000, signal: request.signal }
 * const token = await session.getAccessToken(wait)
 * ```
 */
export interface WaitOptions {
  /** Give up after this many milliseconds (default: the session's `waitTimeout`). */
  timeout?: number
  /** Give up when this signal aborts. */
  signal?: AbortSignal
}

/** Hand out tokens valid now (and `accept`ed), waiting for them when needed. */
export type TokenHandOut = (
  purpose: string,
  options: WaitOptions | undefined,
  accept?: (tokens: TokenSet) => boolean,
) => Promise<TokenSet>

export function createTokenHandOut(
  runner: SessionRunner,
  clock: { now: () => number; waitTimeout: number },
): TokenHandOut {
  return (purpose, options, accept) => {
    if (!runner.running) return Promise.reject(notRunning(purpose))
    const { value, context } = runner.actor.getSnapshot()
    const held = context.tokens
    const now = clock.now()
    // A timer armed on the monotonic clock sleeps through a jump of the wall clock (a
    // resumed laptop, a worker): the hand-out is where a due refresh is noticed, and the
    // still-valid token is handed out meanwhile.
    if (value === 'active' && held !== null && !isFresh(held, context.refreshMargin, now)) {
      runner.send({ type: 'CHECK', reason: 'caller' })
    }
    // The hot path: a valid token in hand is answered without subscribing or arming a timer.
    if (value !== 'failed' && held !== null && isUsable(held, now) && (accept?.(held) ?? true)) {
      return options?.signal?.aborted
        ? Promise.reject(new SessionError('aborted', `${purpose}: the wait was aborted`))
        : Promise.resolve(held)
    }
    const stopped = runner.stopSignal()
    return waitForTokens(runner.actor, clock.now, {
      purpose,
      timeoutMs: options?.timeout ?? clock.waitTimeout,
      signals: [stopped.signal, ...(options?.signal ? [options.signal] : [])],
      ...(accept ? { accept } : {}),
    })
      .catch((error: unknown) => {
        throw stopped.signal.aborted ? notRunning(purpose) : error
      })
      .finally(stopped.done)
  }
}
