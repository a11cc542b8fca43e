/**
 * One call to a Wix REST API other than the token endpoint (redirect sessions, custom
 * login): JSON in, JSON out, the raw access token in `Authorization` (no `Bearer `, as
 * Wix expects), bounded by a timeout, failures as typed errors with no secret in them.
 */
import { SessionError } from '../errors'
import { withDeadline } from '../request-deadline'
import { describeWixError, parseErrorBody, parseRetryAfter } from '../token-response'

export interface WixCall {
  /** The API's origin: the origin of the session's `tokenUrl`. */
  origin: string
  path: string
  body: unknown
  accessToken: string
  /** For error messages, e.g. `Creating the login URL`. */
  what: string
  requestTimeout: number
  fetch?: typeof globalThis.fetch
  now: () => number
  signal?: AbortSignal
  /** Values in the body that no error may quote (a password, a PKCE verifier). */
  secrets?: readonly string[]
}

/** POST `call.body` and answer with the JSON object Wix sent, or throw a SessionError. */
export async function postToWix(call: WixCall): Promise<Record<string, unknown>> {
  const { status, headers, text } = await withDeadline(
    call.signal,
    call.requestTimeout,
    { what: call.what },
    async (signal) => {
      const response = await (call.fetch ?? globalThis.fetch)(`${call.origin}${call.path}`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          authorization: call.accessToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify(call.body),
        signal,
      })
      return { status: response.status, headers: response.headers, text: await response.text() }
    },
  )
  const secrets = [call.accessToken, ...(call.secrets ?? [])]
  if (status < 200 || status > 299) throw wixError(call, status, headers, text, secrets)
  try {
    const data: unknown = JSON.parse(text)
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      return data as Record<string, unknown>
    }
  } catch {
    // Answered below, like any other body that is not a JSON object.
  }
  throw new SessionError('bad_response', `${call.what} failed: the answer is not a JSON object`)
}

function wixError(
  call: WixCall,
  status: number,
  headers: Headers,
  text: string,
  secrets: readonly string[],
): SessionError {
  const body = parseErrorBody(text, secrets)
  const detail = describeWixError(body)
  const message = `${call.what} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), call.now())
  const details = {
    status,
    ...(body ? { body } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }
  if (status === 429) return new SessionError('rate_limited', message, details)
  return new SessionError('http', message, {
    ...details,
    retryable: status === 408 || status >= 500,
  })
}

/** The string at `path` in `data` (e.g. `['redirectSession', 'fullUrl']`), or `null`. */
export function stringAt(data: unknown, path: readonly string[]): string | null {
  let value = data
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return null
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'string' ? value : null
}
