/**
 * Every decision the session makes about time, as pure functions of the wall clock.
 *
 * The machine never reads a clock itself: `createTimingEffects({ now, random })` turns
 * these functions into the guards, delays and the one action the machine declares, and
 * `createSession()` provides them with the clock the app injected. Tests provide a clock
 * they move by hand.
 */
import { assign } from 'xstate'
import type { RetryPolicy, SessionContext, SessionEvent, TokenSet } from './session.types'
import { isLaterThan } from './token-order'

/**
 * The longest single timer the machine arms. `setTimeout` fires at once for delays past
 * 2^31-1 ms (about 24.8 days), which would be a refresh storm; a longer wait is re-armed
 * in steps instead.
 */
export const MAX_TIMER_MS = 24 * 60 * 60 * 1000

/**
 * The longest another tab may ask this tab to hold back its token requests. A message
 * on the tab channel is not trusted to freeze the session for longer.
 */
export const MAX_SHARED_BACKOFF_MS = 60 * 1000

/**
 * The refresh margin that applies to these tokens: the configured one, shrunk to half
 * the token's lifetime when the token lives shorter than that. A token that lives 60 s
 * with a 5-minute margin is refreshed after 30 s, not in a loop.
 *
 * @example
 * ```ts
 * const tokens = await session.getTokens()
 * const dueAt = tokens.expiresAt - effectiveMargin(tokens, DEFAULT_REFRESH_MARGIN_MS)
 * ```
 */
export function effectiveMargin(tokens: TokenSet, refreshMargin: number): number {
  const lifetime = tokens.expiresAt - tokens.issuedAt
  return Math.max(0, Math.min(refreshMargin, lifetime / 2))
}

/** Epoch ms at which a refresh of these tokens becomes due. */
export function refreshDueAt(tokens: TokenSet, refreshMargin: number): number {
  return tokens.expiresAt - effectiveMargin(tokens, refreshMargin)
}

/**
 * True while the access token may still be handed out.
 *
 * @example
 * ```ts
 * if (!isUsable(tokens, Date.now())) tokens = await session.getTokens()
 * ```
 */
export function isUsable(tokens: TokenSet, now: number): boolean {
  return now < tokens.expiresAt
}

/**
 * True while no refresh is due yet.
 *
 * @example
 * ```ts
 * const calm = isFresh(await session.getTokens(), DEFAULT_REFRESH_MARGIN_MS, Date.now())
 * ```
 */
export function isFresh(tokens: TokenSet, refreshMargin: number, now: number): boolean {
  return now < refreshDueAt(tokens, refreshMargin)
}

/**
 * Backoff after `failures` failed attempts: exponential, capped, with "equal jitter"
 * (half fixed, half random) so tabs and processes that failed together do not retry
 * together, and no retry ever comes at once.
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, failures - 1)
  const capped = Math.min(policy.maxDelayMs, exponential)
  return capped / 2 + random() * (capped / 2)
}

/**
 * The longest hold-back this session can have been asked for: its own backoff (at most
 * `maxDelayMs`, or longer when the server sent `Retry-After`) or another tab's (at most
 * MAX_SHARED_BACKOFF_MS).
 */
function longestHoldBack(context: SessionContext): number {
  return Math.max(context.retry.maxDelayMs, MAX_SHARED_BACKOFF_MS, context.error?.retryAfterMs ?? 0)
}

/**
 * Epoch ms before which no token request may start. A hold-back reaching further into the
 * future than any wait the session can have been asked for means the wall clock was set
 * back since it was set; it is dropped, or the session would sit idle for as long as the
 * clock jumped.
 */
function holdBackUntil(context: SessionContext, now: number): number {
  return context.notBefore - now > longestHoldBack(context) ? 0 : context.notBefore
}

/** The injected environment the timing effects read. */
export interface TimingEnvironment {
  /** Epoch milliseconds, like `Date.now`. */
  now: () => number
  /** A number in [0, 1), like `Math.random`; used for jitter only. */
  random: () => number
}

type GuardArgs = { context: SessionContext; event: SessionEvent }

/**
 * The machine's clock-dependent guards, delays and actions, bound to one clock.
 *
 * @example
 * ```ts
 * const clock = { now: () => fakeNow, random: () => 0.5 }
 * const machine = sessionMachine.provide(createTimingEffects(clock))
 * ```
 */
export function createTimingEffects({ now, random }: TimingEnvironment) {
  const usable = (context: SessionContext) =>
    context.tokens !== null && isUsable(context.tokens, now())

  return {
    guards: {
      /** The held tokens are missing, inside the refresh margin, or expired. */
      refreshDue: ({ context }: GuardArgs) =>
        context.tokens === null || !isFresh(context.tokens, context.refreshMargin, now()),
      /** A backoff (this tab's or another's) has not run out yet. */
      mustHoldBack: ({ context }: GuardArgs) => {
        const at = now()
        return at < holdBackUntil(context, at)
      },
      /** A failed token request may be tried again: attempts remain, or a valid token is still served. */
      mayRetry: ({ context }: GuardArgs) =>
        context.attempt + 1 < context.retry.maxAttempts || usable(context),
      /**
       * Tokens from another tab replace the ones held here: they came later (by generation,
       * see token-order.ts), so theirs is the refresh token still alive, even if their access token has expired (a refresh
       * follows at once). A tab holding nothing takes any session over minting a visitor.
       */
      announcedTokensNewer: ({ context, event }: GuardArgs) =>
        event.type === 'SYNC.SESSION' &&
        (context.tokens === null || isLaterThan(event.tokens, context.tokens)),
    },
    delays: {
      /** Until the held tokens enter the refresh margin (re-armed in steps of MAX_TIMER_MS). */
      untilRefreshDue: ({ context }: GuardArgs) => {
        if (context.tokens === null) return 0
        const wait = refreshDueAt(context.tokens, context.refreshMargin) - now()
        return Math.min(MAX_TIMER_MS, Math.max(0, wait))
      },
      /** Until the next token request may start (own backoff or another tab's). */
      untilNotBefore: ({ context }: GuardArgs) => {
        const at = now()
        return Math.min(MAX_TIMER_MS, Math.max(0, holdBackUntil(context, at) - at))
      },
    },
    actions: {
      /** After a failure: wait out a jittered backoff, or longer if the server sent `Retry-After`. */
      scheduleRetry: assign<SessionContext, SessionEvent, undefined, SessionEvent, never>({
        notBefore: ({ context }) => {
          const wait = Math.max(
            backoffDelay(context.attempt, context.retry, random),
            context.error?.retryAfterMs ?? 0,
          )
          const at = now()
          return Math.max(holdBackUntil(context, at), at + wait)
        },
      }),
      /**
       * Honour another tab's backoff (trusted up to MAX_SHARED_BACKOFF_MS from now) and count
       * its failures against this tab's budget, so the browser as a whole retries a bounded
       * number of times, not every tab its own.
       */
      holdBackForOtherTab: assign<SessionContext, SessionEvent, undefined, SessionEvent, never>({
        notBefore: ({ context, event }) => {
          if (event.type !== 'SYNC.BACKOFF') return context.notBefore
          const at = now()
          return Math.max(
            holdBackUntil(context, at),
            Math.min(event.until, at + MAX_SHARED_BACKOFF_MS),
          )
        },
        attempt: ({ context, event }) =>
          event.type === 'SYNC.BACKOFF'
            ? Math.max(context.attempt, Math.min(event.attempt, context.retry.maxAttempts - 1))
            : context.attempt,
      }),
    },
  }
}
