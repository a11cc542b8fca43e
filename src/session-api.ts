/**
 * What a session offers an app: the `Session` interface `createSession()` returns, and the
 * shapes its methods take and give.
 */
import type { $Fetch } from 'ofetch'
import type { SessionEmitted, TokenRole, TokenSet } from '../machines/session.types'
import type { SessionSnapshot } from './session-snapshot'
import type { WaitOptions } from './token-hand-out'
import type { SessionActor } from './wait-for-tokens'

/**
 * Tokens an app hands to a session, e.g. converted from `@wix/sdk` with `fromWixTokens()`.
 *
 * @example
 * ```ts
 * const tokens: ImportableTokens = { accessToken, refreshToken, expiresAt: Date.now() + 3_600_000, role: 'member' }
 * await session.importTokens(tokens)
 * ```
 */
export interface ImportableTokens {
  accessToken: string
  refreshToken: string
  /** Epoch ms at which the access token expires (it may already have: it is then refreshed). */
  expiresAt: number
  /**
   * Epoch ms at which the tokens were requested, when known: the refresh margin of a
   * short-lived token is half its life. Default: now.
   */
  issuedAt?: number
  /** Default `visitor`. A member's session is never silently turned into a visitor's. */
  role?: TokenRole
  /** Keep a known session ID; default: a new one. */
  sessionId?: string
}

/**
 * An event the session emits, by its `type`.
 *
 * @example
 * ```ts
 * const onChange = (event: SessionEventOf<'tokensChanged'>) => console.log(event.reason)
 * session.on('tokensChanged', onChange)
 * ```
 */
export type SessionEventOf<T extends SessionEmitted['type']> = Extract<SessionEmitted, { type: T }>

/**
 * A running Wix Headless session. Create it with `createSession()`.
 *
 * @example
 * ```ts
 * const session: Session = createSession({ clientId: 'my-wix-client-id' }).start()
 * const stop = session.subscribe(({ state }) => console.log(state))
 * ```
 */
export interface Session {
  /** The running XState actor (a new one after `stop()` and `start()`). */
  readonly actor: SessionActor
  /** This session's random identifier on the tab channel (one per `createSession()`). */
  readonly tabId: string
  /** The Wix client ID the session was created for. */
  readonly clientId: string
  /** The token endpoint the session talks to; other Wix calls go to its origin. */
  readonly tokenUrl: string
  /** The top-level state: `idle`, `restoring`, `anonymous`, `active`, `expiring`, `refreshing` or `failed`. */
  readonly state: SessionSnapshot['state']
  /** The current snapshot, as `subscribe` listeners receive it. */
  readonly snapshot: SessionSnapshot
  /**
   * An ofetch instance that sends the access token and, on a 401, refreshes once and
   * retries once. Its code is loaded on the first call, so apps that never call it never
   * download it.
   */
  readonly fetch: $Fetch
  /** Restore the stored session, or mint a visitor. Returns the session. */
  start(): Session
  /** Stop all work: no timer, request, listener or lock is left behind. Pending waits reject. */
  stop(): void
  /** A token valid by the wall clock right now, waiting for a mint or refresh when needed. */
  getAccessToken(options?: WaitOptions): Promise<string>
  /** The whole token set (valid right now), e.g. to hand to another library. */
  getTokens(options?: WaitOptions): Promise<TokenSet>
  /** Refresh now, even if not due; resolves with the new access token. */
  refresh(options?: WaitOptions): Promise<string>
  /** Forget the stored session everywhere and start a new visitor; resolves when it holds tokens. */
  signOut(options?: WaitOptions): Promise<void>
  /** Leave `failed` and try again from the stored session. */
  retry(): void
  /**
   * Make these tokens the session for every tab, replacing whatever is held (no new
   * visitor is minted); resolves when they, or their refresh, are valid.
   */
  importTokens(tokens: ImportableTokens, options?: WaitOptions): Promise<void>
  /** The tokens held right now if valid by the wall clock, else `null`; never waits or requests. */
  peekTokens(): TokenSet | null
  /** Listen to snapshots; returns the unsubscribe function. Called at once with the current one. */
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void
  /** Listen to one kind of emitted event (or `*` for all); returns the unsubscribe function. */
  on<T extends SessionEmitted['type']>(
    type: T,
    listener: (event: SessionEventOf<T>) => void,
  ): () => void
  on(type: '*', listener: (event: SessionEmitted) => void): () => void
}
