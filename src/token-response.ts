/**
 * What a token endpoint response means: tokens, or a typed error. Pure functions of the
 * status, headers and body text, so every rule here is tested without a network.
 */
import { SessionError, type WixErrorBody } from './errors'
import { redactData, redactText } from './redact'

/** The token fields of a successful response, validated. */
export interface GrantedTokens {
  accessToken: string
  refreshToken: string
  /** Seconds the access token lives, as the server said (clamped to MAX_TOKEN_LIFETIME_S). */
  expiresIn: number
}

/**
 * The longest lifetime the session believes. A server that claims a token lives for a
 * year is not trusted to be right; the session refreshes at least this often.
 */
export const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60

/**
 * The shortest lifetime the session accepts. Anything shorter would have the session
 * refreshing in a tight loop, so such a response is treated as a bad response.
 */
export const MIN_TOKEN_LIFETIME_S = 1

/** A token longer than this is not a token (and would bloat storage and tab messages). */
export const MAX_TOKEN_LENGTH = 16 * 1024

/** What the request was, for interpreting the response. */
export interface ResponseContext {
  grant: 'anonymous' | 'refresh_token' | 'authorization_code'
  /** Values sent in the request that must never reach an error (a refresh token, a code). */
  secrets: readonly string[]
  /** Epoch ms now, for `Retry-After` given as an HTTP date. */
  now: number
}

/** Validate a 2xx body. Throws `bad_response` for anything that is not a whole token set. */
export function parseTokenBody(text: string, context: ResponseContext): GrantedTokens {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw badResponse('the token response is not valid JSON', context)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw badResponse('the token response is not a JSON object', context)
  }
  const body = data as Record<string, unknown>
  const accessToken = body.access_token
  const refreshToken = body.refresh_token
  const expiresIn = body.expires_in
  if (!isTokenString(accessToken)) {
    throw badResponse('access_token is missing or not a non-empty string', context)
  }
  if (!isTokenString(refreshToken)) {
    throw badResponse('refresh_token is missing or not a non-empty string', context)
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw badResponse('expires_in is missing or not a positive finite number', context)
  }
  if (expiresIn < MIN_TOKEN_LIFETIME_S) {
    throw badResponse(`expires_in is below ${MIN_TOKEN_LIFETIME_S} s`, context)
  }
  return { accessToken, refreshToken, expiresIn: Math.min(expiresIn, MAX_TOKEN_LIFETIME_S) }
}

function isTokenString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH
}

function badResponse(reason: string, context: ResponseContext): SessionError {
  return new SessionError('bad_response', `Token request (${context.grant}) failed: ${reason}`, {
    grant: context.grant,
  })
}

/**
 * The typed error for a non-2xx token response.
 *
 * - 429 → `rate_limited` (retried after `Retry-After`)
 * - 408 and 5xx → `http`, retryable
 * - 400/401 on an `anonymous` grant → `invalid_client` (only the client ID was sent)
 * - 400 on a `refresh_token` or `authorization_code` grant → `invalid_grant`, unless Wix's
 *   body blames the client
 * - any other status → `http`, permanent
 */
export function errorForStatus(
  status: number,
  headers: Headers,
  text: string,
  context: ResponseContext,
): SessionError {
  const body = parseErrorBody(text, context.secrets)
  const detail = describeWixError(body)
  const suffix = detail ? `: ${detail}` : ''
  const base = { status, grant: context.grant, ...(body ? { body } : {}) }

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.now)
    return new SessionError(
      'rate_limited',
      `Token request (${context.grant}) was rate limited (HTTP 429)${suffix}`,
      {
        ...base,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    )
  }
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.now)
    return new SessionError(
      'http',
      `Token request (${context.grant}) failed with HTTP ${status}${suffix}`,
      {
        ...base,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    )
  }
  const blamesClient = /client/i.test(`${errorCodeOf(body)} ${body?.message ?? ''}`)
  if ((status === 400 || status === 401) && (context.grant === 'anonymous' || blamesClient)) {
    return new SessionError(
      'invalid_client',
      `The client ID was rejected (HTTP ${status})${suffix}`,
      base,
    )
  }
  if (status === 400) {
    const what = context.grant === 'refresh_token' ? 'refresh token' : 'authorization code'
    return new SessionError('invalid_grant', `The ${what} was rejected (HTTP 400)${suffix}`, base)
  }
  return new SessionError(
    'http',
    `Token request (${context.grant}) failed with HTTP ${status}${suffix}`,
    base,
  )
}

/** Wix's error body, scrubbed of secrets, or undefined when the body is not JSON. */
export function parseErrorBody(text: string, secrets: readonly string[]): WixErrorBody | undefined {
  try {
    const data: unknown = JSON.parse(text)
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined
    return redactData(data, secrets) as WixErrorBody
  } catch {
    return undefined
  }
}

function errorCodeOf(body: WixErrorBody | undefined): string {
  const code = body?.details?.applicationError?.code ?? body?.error
  return typeof code === 'string' ? code : ''
}

/** A short human description from Wix's body (already scrubbed), for the error message. */
export function describeWixError(body: WixErrorBody | undefined): string {
  if (!body) return ''
  const parts = [errorCodeOf(body), typeof body.message === 'string' ? body.message : '']
  const text = parts.filter((part) => part.length > 0).join(' - ')
  return redactText(text).slice(0, 200)
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date.
 * ref: https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
