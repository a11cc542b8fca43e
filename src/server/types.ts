/**
 * What a server's sessions offer: the session of one request, and the cookies to write
 * for tokens the app obtained itself.
 */
import type { SessionWarning, TokenRole, TokenSet } from '../../machines/session.types'
import type { ImportableTokens } from '../session-api'
import type { ServerRequest } from './cookies'

/**
 * The session one request carries (or got), and what the response must send.
 *
 * @example
 * ```ts
 * const session: ServerSession = await sessions.fromRequest(request)
 * const products = await fetch(url, { headers: { Authorization: session.accessToken } })
 * for (const value of session.setCookie) response.headers.append('set-cookie', value)
 * ```
 */
export interface ServerSession {
  /** Valid for at least the server's refresh margin (60 s) from now. Wix takes it raw. */
  accessToken: string
  tokens: TokenSet
  role: TokenRole
  /**
   * Where the tokens come from: the request's cookie as it was (no token request), a
   * refresh of it (same visitor or member), or a new visitor (no usable cookie).
   */
  source: 'cookie' | 'refreshed' | 'minted'
  /** Wix refused the cookie's visitor's refresh token, and a new visitor took its place. */
  replaced: boolean
  /**
   * Why a cookie that was present could not be used, so a new visitor was minted: it was
   * damaged, hostile, of another client ID (`corrupt_record`) or of another record version
   * (`unknown_version`). Never quotes the cookie.
   */
  warning: SessionWarning | null
  /** The `Set-Cookie` values to send with the response; empty when nothing changed. */
  setCookie: string[]
  /**
   * The request's `Cookie` header as it will be once the browser stores `setCookie`: hand
   * it to the code that renders this same request (see `requestCookieHeader`).
   */
  cookieHeader: string
}

/**
 * Options of `fromRequest()`.
 *
 * @example
 * ```ts
 * const session = await sessions.fromRequest(request, { signal: request.signal })
 * ```
 */
export interface FromRequestOptions {
  /**
   * Stop waiting (rejects with `aborted`). A refresh shared with other requests goes on
   * for them, and its result is kept for the next request with this cookie.
   */
  signal?: AbortSignal
}

/**
 * Where cookies written outside `fromRequest()` go.
 *
 * @example
 * ```ts
 * const setCookie = sessions.cookieFor(tokens, { request })
 * ```
 */
export interface CookieWriteOptions {
  /**
   * The request being answered: the forms of the cookie it carries that the write does
   * not use are deleted, its generation is outranked, and `Secure` follows its URL.
   * Without it every other form is deleted, and `Secure` only comes from the options.
   */
  request?: ServerRequest
}

/**
 * Sessions carried by a cookie, for one server (one per process, shared by every request:
 * it holds no session of its own, only the refreshes in flight and just spent).
 *
 * @example
 * ```ts
 * const sessions: ServerSessions = createServerSessions({ clientId: 'my-wix-client-id' })
 * const { accessToken, setCookie } = await sessions.fromRequest(request)
 * ```
 */
export interface ServerSessions {
  /**
   * The session of this request: the cookie's tokens if valid for the refresh margin (no
   * token request), else refreshed once for the same visitor or member (shared by the
   * concurrent requests carrying it), else a new visitor. Rejects with a
   * `ServerSessionError`: `member_session_ended` when Wix refuses a member's refresh token
   * (or the cookie says it already did), and transient codes (`network`, `timeout`, `http`,
   * `rate_limited`, `bad_response`) when the token has expired and Wix could not renew it.
   */
  fromRequest(request: ServerRequest, options?: FromRequestOptions): Promise<ServerSession>
  /**
   * `Set-Cookie` values that make `tokens` the browser's session (a member's, from a
   * login callback): every tab adopts them, as after `session.importTokens()`. Throws
   * `invalid_tokens` for anything that is not a usable token set.
   */
  cookieFor(tokens: ImportableTokens | TokenSet, options?: CookieWriteOptions): string[]
  /**
   * `Set-Cookie` values that mark this member's session ended, as a browser does when Wix
   * refuses its refresh token: no tab refreshes it again or turns it into a visitor.
   */
  endedCookieFor(tokens: TokenSet, options?: CookieWriteOptions): string[]
  /** `Set-Cookie` values that delete the session cookie (every chunk): a logout. */
  clearCookie(options?: CookieWriteOptions): string[]
}
