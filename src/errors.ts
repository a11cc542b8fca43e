/**
 * The one error type the session rejects with. Its `code` is stable and is what code
 * should branch on; `message` is for people. No message ever contains a token.
 */

/**
 * Every way a session operation can fail.
 *
 * @example
 * ```ts
 * const retryLater: SessionErrorCode[] = ['network', 'timeout', 'rate_limited']
 * if (isSessionError(error) && retryLater.includes(error.code)) showOfflineBanner()
 * ```
 */
export type SessionErrorCode =
  /** The token request got no response (DNS, refused, reset, offline). Retried. */
  | 'network'
  /** The token request got no response within `requestTimeout`. Retried. */
  | 'timeout'
  /** An HTTP error status not covered by a more specific code; `status` and `body` tell more. */
  | 'http'
  /** The client ID was rejected. Permanent: fix the configuration. */
  | 'invalid_client'
  /** The refresh token was rejected (revoked, expired, spent). A visitor is replaced. */
  | 'invalid_grant'
  /** HTTP 429. Retried, no sooner than `retryAfterMs`. */
  | 'rate_limited'
  /** A success status whose body is not a valid token response. Retried. */
  | 'bad_response'
  /** The session is not started, or was stopped while the caller waited. */
  | 'not_running'
  /** No valid token became available within the caller's wait bound. */
  | 'wait_timeout'
  /** The caller's `AbortSignal` ended the wait. */
  | 'aborted'
  /** Tokens handed to `importTokens()` are not a usable token set. */
  | 'invalid_tokens'
  /**
   * Wix refused the member's refresh token: the member logged out elsewhere or was
   * removed. The session waits for a new login or `signOut()`; it never turns into a
   * visitor by itself.
   */
  | 'member_session_ended'
  /** A login callback whose `state` matches no login started here (forged, stray, or missing). */
  | 'login_state_mismatch'
  /** The login took longer than `pendingLoginLifetime`. */
  | 'login_expired'
  /** The member cancelled the login on Wix's page (`access_denied`). */
  | 'login_cancelled'
  /** `prompt: 'none'` and nobody is logged in on Wix. */
  | 'login_required'
  /** Wix answered the login with another error, or without a code. */
  | 'login_failed'
  /** Wix refused the login code: used already, expired, or from another login. */
  | 'login_code_rejected'
  /** `returnTo` is not a path on the app's own origin. */
  | 'invalid_return_to'
  /** The member was logged out in this browser, but Wix's logout URL could not be made. */
  | 'logout_incomplete'
  /** Custom login: the password is wrong for this e-mail (Wix `-19976`). */
  | 'invalid_password'
  /** Custom login: no member has this e-mail (Wix `-19999`). */
  | 'member_not_found'
  /** Registration: a member with this e-mail exists already (Wix `-19995`). */
  | 'email_exists'
  /** Custom login or registration: the site requires a captcha and none was sent (Wix `-19971`). */
  | 'captcha_required'
  /** Custom login or registration: Wix refused the captcha token (Wix `-19970`). */
  | 'captcha_invalid'
  /** Custom login: the member must reset their password before logging in (Wix `-19973`). */
  | 'password_reset_required'
  /**
   * Wix refused a field of the form (a `validationError`: an empty or malformed e-mail, a
   * password Wix does not accept…). `body.details.validationError.fieldViolations` names them.
   */
  | 'invalid_input'
  /** E-mail verification: the code is not the one Wix sent; the member may try again. */
  | 'verification_code_invalid'
  /** E-mail verification: the verification expired or was completed; log in again. */
  | 'verification_expired'
  /** Wix answered a login with a state this library does not handle (`REQUIRE_MFA`, …). */
  | 'login_state_unsupported'
  /** Wix's login frame (`web_message`) did not answer within `loginTimeout`. */
  | 'login_timeout'
  /** A bug or an environment failure the session did not expect. */
  | 'unexpected'

/**
 * Wix's error body, as far as the session understands it. Unknown fields are kept.
 *
 * @example
 * ```ts
 * if (isSessionError(error, 'http')) {
 *   const body: WixErrorBody | undefined = error.body
 *   console.error(body?.details?.applicationError?.code)
 * }
 * ```
 */
export interface WixErrorBody {
  message?: string
  details?: {
    applicationError?: { code?: string; description?: string; data?: unknown }
    validationError?: {
      fieldViolations?: { field?: string; description?: string; violatedRule?: string }[]
    }
  }
  [key: string]: unknown
}

/** What a SessionError carries besides its message. */
export interface SessionErrorDetails {
  /** The HTTP status of the token response, when there was one. */
  status?: number
  /** The parsed error body from Wix (tokens scrubbed), when there was one. */
  body?: WixErrorBody
  /** How long the server asked us to wait before trying again. */
  retryAfterMs?: number
  /** Whether trying again later can succeed. Defaults from the code. */
  retryable?: boolean
  /** The grant being requested when it failed. */
  grant?: 'anonymous' | 'refresh_token' | 'authorization_code'
  /** A lower-level cause that is safe to keep (never one that holds a request body). */
  cause?: unknown
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<SessionErrorCode> = new Set([
  'network',
  'timeout',
  'rate_limited',
  'bad_response',
])

/**
 * The error every session operation rejects with.
 *
 * @example
 * ```ts
 * try {
 *   await session.getAccessToken()
 * } catch (error) {
 *   if (isSessionError(error, 'invalid_client')) showConfigurationProblem()
 *   else throw error
 * }
 * ```
 */
export class SessionError extends Error {
  override readonly name = 'SessionError'
  readonly code: SessionErrorCode
  readonly retryable: boolean
  readonly status?: number
  readonly body?: WixErrorBody
  readonly retryAfterMs?: number
  readonly grant?: 'anonymous' | 'refresh_token' | 'authorization_code'

  constructor(code: SessionErrorCode, message: string, details: SessionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT.has(code)
    if (details.status !== undefined) this.status = details.status
    if (details.body !== undefined) this.body = details.body
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs
    if (details.grant !== undefined) this.grant = details.grant
  }

  /** A plain form for logs and inspectors (an Error serialises to `{}` otherwise). */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      grant: this.grant,
    }
  }
}

/**
 * True when `value` is a SessionError (optionally with the given code).
 *
 * @example
 * ```ts
 * session.on('tokenRequestFailed', ({ error }) => {
 *   if (isSessionError(error, 'rate_limited')) console.warn('slow down for', error.retryAfterMs)
 * })
 * ```
 */
export function isSessionError(value: unknown, code?: SessionErrorCode): value is SessionError {
  return value instanceof SessionError && (code === undefined || value.code === code)
}
