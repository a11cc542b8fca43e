/**
 * The vocabulary of the session machine: what it holds, what it hears, what it tells.
 * Nothing here does anything; `session.machine.ts` gives it behaviour.
 */

/**
 * Who a token set belongs to. A member never silently becomes a visitor.
 *
 * @example
 * ```ts
 * const role: TokenRole = (await session.getTokens()).role // 'visitor' until a member logs in
 * ```
 */
export type TokenRole = 'visitor' | 'member'

/**
 * One visitor's (or member's) tokens, as the session holds, stores and shares them.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, sessionId } = await session.getTokens()
 * console.log(`visitor ${sessionId} until ${new Date(expiresAt).toISOString()}`)
 * ```
 */
export interface TokenSet {
  /**
   * Local identifier of this visitor's session. It survives refreshes and changes only
   * when a new visitor is minted, so tabs and the app can tell visitors apart without
   * looking at a token.
   */
  sessionId: string
  accessToken: string
  refreshToken: string
  /** Epoch ms when the token request that produced these tokens was sent. */
  issuedAt: number
  /** Epoch ms after which the access token must not be handed out. */
  expiresAt: number
  role: TokenRole
  /**
   * Orders token sets without trusting the clock (see `machines/token-order.ts`): one more
   * than the tokens a refresh replaced, or than the highest its tab had seen for a new
   * visitor. Absent (0) in tokens from before it existed.
   */
  generation?: number
}

/**
 * What the machine needs to know about a failed token request to decide what comes next.
 *
 * @example
 * ```ts
 * session.on('tokenRequestFailed', ({ error }: { error: TokenFailure }) => {
 *   if (!error.retryable) alert(`Signing in failed (${error.code})`)
 * })
 * ```
 */
export interface TokenFailure {
  /** A stable code, e.g. `network`, `invalid_grant` (see `SessionErrorCode` in src/errors). */
  code: string
  /** True when trying again later can succeed (network, timeout, 408, 429, 5xx, …). */
  retryable: boolean
  /** The server asked us to wait at least this long (from `Retry-After`). */
  retryAfterMs?: number
}

/**
 * How transient failures are retried.
 *
 * @example
 * ```ts
 * const retry: Partial<RetryPolicy> = { maxAttempts: 6, maxDelayMs: 30_000 }
 * createSession({ clientId, retry })
 * ```
 */
export interface RetryPolicy {
  /** Token requests in one episode (the first try included) before giving up. */
  maxAttempts: number
  /** Backoff before the second attempt; doubles with each further attempt. */
  baseDelayMs: number
  /** Upper bound of one backoff (a `Retry-After` from the server may exceed it). */
  maxDelayMs: number
}

/** Why the wall clock is being consulted again. */
export type CheckReason = 'caller' | 'visibilitychange' | 'pageshow' | 'focus' | 'online'

/**
 * A session that must be forgotten before a new visitor is minted: signed out, or its
 * refresh token was rejected.
 */
export interface DiscardIntent {
  /**
   * The session to forget: the one held, or else the last one held (a member's session that
   * ended); `null`: the tab never held one, so it forgets nothing, and a session found
   * stored (a login committed since, say) is joined.
   */
  sessionId: string | null
  /**
   * Signed out before the restore finished: the session stored is the one being left, and
   * is forgotten whatever it is (read under the lock).
   */
  whatever?: true
}

/**
 * The machine's context: what the session holds between events.
 *
 * @example
 * ```ts
 * const context: SessionContext = session.actor.getSnapshot().context
 * console.log(context.attempt, context.error?.code)
 * ```
 */
export interface SessionContext {
  tokens: TokenSet | null
  /** The last failure of a token request; `null` after a success. */
  error: TokenFailure | null
  /** Failed token requests in the current episode (reset by a success or `RETRY`). */
  attempt: number
  /** Epoch ms before which no token request may start (another tab's backoff). */
  notBefore: number
  /** A session to forget (sign-out, rejected visitor) before minting a new one. */
  discarding: DiscardIntent | null
  /**
   * The sessions this tab held and then left (signed out, replaced, ended), newest first
   * and at most a few: sessions only move forward, so an announcement of one of them comes
   * from a tab that has not caught up, and is never taken back.
   */
  left: readonly string[]
  /** Whether the environment reports a network connection. */
  online: boolean
  /** Milliseconds before expiry at which a refresh becomes due (shrunk for short-lived tokens). */
  refreshMargin: number
  retry: RetryPolicy
  /** The highest token generation this session has held or seen; a new visitor gets one more. */
  generation: number
  /**
   * How long a tab whose store no other tab can see waits for other tabs to offer their
   * session before it mints a new visitor; 0 when it shares no channel with other tabs.
   */
  peerReplyWindow: number
}

/** What `createActor(sessionMachine, { input })` takes. */
export interface SessionMachineInput {
  refreshMargin: number
  retry: RetryPolicy
  online?: boolean
  /** See `SessionContext.peerReplyWindow`; default 0 (never ask other tabs). */
  peerReplyWindow?: number
  /**
   * What an earlier run of the same session had seen (`SessionContext.generation` and
   * `left`) and the sign-out it had not finished (`discarding`), carried over when it
   * starts again: a sign-out it made stays made, and reaches the other tabs.
   */
  seen?: Pick<SessionContext, 'generation' | 'left' | 'discarding'>
}

/** What the persistence actor reports after reading the store. */
export interface LoadResult {
  tokens: TokenSet | null
  /** False when the store could not be read at all (its emptiness then means nothing). */
  readable: boolean
  /**
   * True when `tokens` are a member's whose session ended (Wix rejected their refresh
   * token): they must not be refreshed again, nor replaced by a visitor unasked.
   */
  endedMember?: boolean
  /**
   * False when other tabs cannot see this store (memory, or a fallback to it): its
   * emptiness then says nothing about whether another tab holds a session. Default true.
   */
  shared?: boolean
  warnings: readonly SessionWarning[]
}

/** What a token request is asked to do. */
export type TokenRequest =
  /** `after`: the highest generation the session has seen (the new visitor's is one more). */
  { grant: 'anonymous'; after?: number } | { grant: 'refresh_token'; tokens: TokenSet }

/** Input of the commit actor: write `tokens` unless the store moved on from `replaces`. */
export interface CommitRequest {
  tokens: TokenSet
  /** The refresh token the new tokens were obtained with; `null` for a new visitor. */
  replaces: string | null
  /** Write whatever the store holds (tokens the app imported). */
  force?: boolean
  /**
   * Mark this member's session ended (Wix refused its refresh token): `tokens` are written
   * over themselves (`replaces` is their refresh token) with the time of the ending.
   */
  ends?: boolean
}

/** What the commit actor reports. */
export interface CommitResult {
  /** `superseded`: the store no longer held what we replaced; `tokens` is what it holds. */
  outcome: 'committed' | 'superseded'
  tokens: TokenSet | null
  warnings: readonly SessionWarning[]
}

/** What `clearSession` is asked to forget: the stored session if it is this one. */
export interface ClearRequest {
  /** The session signed out; `null`: nothing to forget (the store held none). */
  sessionId: string | null
}

/** What the clear actor reports after forgetting the stored session. */
export interface ClearResult {
  /** As in `LoadResult`: false when other tabs cannot see this store. Default true. */
  shared?: boolean
  warnings: readonly SessionWarning[]
}

/**
 * A problem the session recovered from but the app may want to know about.
 *
 * @example
 * ```ts
 * session.on('warning', ({ warning }) => console.warn(warning.code, warning.message))
 * ```
 */
export interface SessionWarning {
  code:
    | 'corrupt_record'
    | 'unknown_version'
    | 'storage_unavailable'
    | 'storage_write_failed'
    | 'storage_fallback'
  message: string
}

/**
 * Events the machine accepts.
 *
 * @example
 * ```ts
 * session.actor.send({ type: 'CHECK', reason: 'caller' } satisfies SessionEvent)
 * ```
 */
export type SessionEvent =
  | { type: 'START' }
  /** Re-read the wall clock: a caller needs a token, or the page woke up. */
  | { type: 'CHECK'; reason: CheckReason }
  /** Refresh now, even though the token is not due yet. */
  | { type: 'REFRESH' }
  | { type: 'SIGN_OUT' }
  /** Leave `failed` and try again from the stored session. */
  | { type: 'RETRY' }
  /** Use these tokens (handed over by the app), replacing whatever session is held. */
  | { type: 'IMPORT'; tokens: TokenSet }
  | { type: 'ONLINE' }
  | { type: 'OFFLINE' }
  /** Another tab committed these tokens. */
  | { type: 'SYNC.SESSION'; tokens: TokenSet }
  /** Another tab signed this session out. */
  | { type: 'SYNC.SIGNED_OUT'; sessionId: string }
  /** Another tab found this member's session ended (its refresh token was rejected). */
  | { type: 'SYNC.MEMBER_ENDED'; sessionId: string }
  /**
   * Another tab's token request failed (its `attempt`-th failure in a row); nobody should
   * try again before `until`. The retry budget is shared by the whole browser.
   */
  | { type: 'SYNC.BACKOFF'; until: number; attempt: number }
  /** Another tab found no session in its own store and asks whether any tab holds one. */
  | { type: 'SYNC.ASKED' }
  /** This tab may now mint or refresh for the whole browser. */
  | { type: 'LEADERSHIP.GRANTED' }
  /** Another tab took the leadership away (this tab was presumed hung). */
  | { type: 'LEADERSHIP.LOST' }

/** Messages the machine sends to the tab-sync actor. */
export type TabSyncCommand =
  | { type: 'ANNOUNCE_SESSION'; tokens: TokenSet }
  | { type: 'ANNOUNCE_SIGN_OUT'; sessionId: string }
  | { type: 'ANNOUNCE_MEMBER_ENDED'; sessionId: string }
  | { type: 'ANNOUNCE_BACKOFF'; until: number; attempt: number }
  /** Ask the other tabs to announce the session they hold, if any. */
  | { type: 'ASK_PEERS' }

/** Messages the machine sends to the refresh-lock actor. */
export type RefreshLockCommand = { type: 'CLAIM' } | { type: 'RELEASE' }

/** Why a session's tokens changed. */
export type TokensChangedReason = 'minted' | 'refreshed' | 'restored' | 'adopted' | 'imported'

/**
 * Events the session emits for the app (`session.on(type, listener)`). None carries a
 * token: they name sessions by `sessionId`.
 *
 * @example
 * ```ts
 * session.on('*', (event: SessionEmitted) => analytics.track(`session ${event.type}`))
 * ```
 */
export type SessionEmitted =
  | {
      type: 'tokensChanged'
      sessionId: string
      expiresAt: number
      role: TokenRole
      reason: TokensChangedReason
    }
  | {
      type: 'visitorReplaced'
      previousSessionId: string
      reason: 'invalid_grant'
    }
  | { type: 'signedOut'; sessionId: string | null; origin: 'this-tab' | 'other-tab' }
  /**
   * A member's session ended: Wix rejected its refresh token (the member logged out
   * elsewhere, or was removed). The session does not turn into a visitor by itself: it
   * waits in `failed` (`member_session_ended`) until the member logs in again or the app
   * calls `signOut()`.
   */
  | { type: 'memberSessionEnded'; sessionId: string; reason: 'invalid_grant' }
  | { type: 'tokenRequestFailed'; error: TokenFailure; attempt: number; willRetry: boolean }
  | { type: 'warning'; warning: SessionWarning }
