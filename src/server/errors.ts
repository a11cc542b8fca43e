/**
 * What `fromRequest()` rejects with: a SessionError (same codes, same guard) that also
 * carries the `Set-Cookie` values the response must send, e.g. the cookie that marks a
 * member's session ended so that the browser learns it too.
 */
import { SessionError, type SessionErrorCode, type SessionErrorDetails } from '../errors'

/**
 * A `SessionError` from the server side, with the `Set-Cookie` values to send with
 * whatever response the app makes of it (empty when the cookie stays as it is).
 *
 * `setCookie` may hold the ended session's (spent) tokens, so it is kept out of
 * `JSON.stringify`, `console.log` and `util.inspect`: send it, do not log it.
 *
 * @example
 * ```ts
 * try {
 *   session = await sessions.fromRequest(request)
 * } catch (error) {
 *   if (!isServerSessionError(error)) throw error
 *   const headers = new Headers({ location: '/login' })
 *   for (const value of error.setCookie) headers.append('set-cookie', value)
 *   if (error.code === 'member_session_ended') return new Response(null, { status: 303, headers })
 *   return new Response('Try again shortly', { status: 503, headers })
 * }
 * ```
 */
export class ServerSessionError extends SessionError {
  readonly #setCookie: readonly string[]
  /** The session the error is about, when a cookie named one. */
  readonly sessionId?: string

  constructor(
    code: SessionErrorCode,
    message: string,
    details: SessionErrorDetails & { setCookie?: readonly string[]; sessionId?: string } = {},
  ) {
    const { setCookie = [], sessionId, ...rest } = details
    super(code, message, rest)
    this.#setCookie = Object.freeze([...setCookie])
    if (sessionId !== undefined) this.sessionId = sessionId
  }

  /** The `Set-Cookie` values to send with the response (possibly none). */
  get setCookie(): readonly string[] {
    return this.#setCookie
  }

  /** A server error built from a token request's error, with the cookies to send. */
  static from(
    error: unknown,
    extra: { setCookie?: readonly string[]; sessionId?: string } = {},
  ): ServerSessionError {
    if (error instanceof SessionError) {
      return new ServerSessionError(error.code, error.message, {
        ...extra,
        retryable: error.retryable,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.body === undefined ? {} : { body: error.body }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        ...(error.grant === undefined ? {} : { grant: error.grant }),
      })
    }
    // Not one of ours: its message is not known to be free of tokens, so none of it is kept.
    return new ServerSessionError('unexpected', 'The session could not be read or renewed', extra)
  }
}

/**
 * True when `value` is a `ServerSessionError` (optionally with the given code).
 *
 * @example
 * ```ts
 * if (isServerSessionError(error, 'member_session_ended')) return redirectToLogin(error.setCookie)
 * ```
 */
export function isServerSessionError(
  value: unknown,
  code?: SessionErrorCode,
): value is ServerSessionError {
  return value instanceof ServerSessionError && (code === undefined || value.code === code)
}
