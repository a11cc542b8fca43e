import { describe, expect, it } from 'vitest'
import { isSessionError } from '../../src/errors'
import {
  errorForStatus,
  MAX_TOKEN_LIFETIME_S,
  parseRetryAfter,
  parseTokenBody,
  type ResponseContext,
} from '../../src/token-response'

const anonymous: ResponseContext = { grant: 'anonymous', secrets: [], now: 0 }
const refresh: ResponseContext = { grant: 'refresh_token', secrets: ['JWS.spent-refresh'], now: 0 }
const body = (fields: Record<string, unknown>) =>
  JSON.stringify({
    access_token: 'OauthNG.JWS.a',
    refresh_token: 'JWS.r',
    expires_in: 14400,
    token_type: 'Bearer',
    ...fields,
  })

function badResponseReason(text: string): string {
  try {
    parseTokenBody(text, anonymous)
  } catch (error) {
    if (isSessionError(error, 'bad_response')) return error.message
    throw error
  }
  throw new Error('the body was accepted')
}

describe('parseTokenBody', () => {
  it('accepts a Wix token response and tolerates unknown fields', () => {
    expect(parseTokenBody(body({ scope: 'offline_access' }), anonymous)).toEqual({
      accessToken: 'OauthNG.JWS.a',
      refreshToken: 'JWS.r',
      expiresIn: 14400,
    })
  })

  it('trusts a lifetime of at most one day', () => {
    expect(parseTokenBody(body({ expires_in: 1e12 }), anonymous).expiresIn).toBe(
      MAX_TOKEN_LIFETIME_S,
    )
  })

  it.each([
    ['not JSON', '{"access_token": "OauthNG.JWS.a",', /not valid JSON/],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', /not valid JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a missing access token', body({ access_token: undefined }), /access_token/],
    ['an empty refresh token', body({ refresh_token: '' }), /refresh_token/],
    ['a numeric access token', body({ access_token: 42 }), /access_token/],
    ['expires_in as a string', body({ expires_in: '14400' }), /expires_in/],
    ['expires_in of zero', body({ expires_in: 0 }), /expires_in/],
    ['a negative expires_in', body({ expires_in: -5 }), /expires_in/],
    ['a missing expires_in', body({ expires_in: undefined }), /expires_in/],
    ['an expires_in under one second', body({ expires_in: 0.5 }), /below 1 s/],
    [
      'a token longer than 16 KiB',
      body({ access_token: 'x'.repeat(16 * 1024 + 1) }),
      /access_token/,
    ],
  ])('rejects %s as a bad response', (_name, text, reason) => {
    expect(badResponseReason(text)).toMatch(reason)
  })
})

describe('errorForStatus', () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init)
  const wixError = (code: string, message: string) =>
    JSON.stringify({
      message,
      details: { applicationError: { code, description: message, data: {} } },
    })

  it('maps 429 to rate_limited with the Retry-After delay', () => {
    const error = errorForStatus(429, headers({ 'retry-after': '7' }), '{}', anonymous)
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
      status: 429,
    })
  })

  it.each([408, 500, 502, 503, 504])('treats HTTP %i as transient', (status) => {
    const error = errorForStatus(status, headers(), '', anonymous)
    expect(error).toMatchObject({ code: 'http', status, retryable: true })
  })

  it('keeps a Retry-After sent with a 503', () => {
    expect(errorForStatus(503, headers({ 'retry-after': '3' }), '', anonymous).retryAfterMs).toBe(
      3000,
    )
  })

  it('reads a 400 on an anonymous grant as a rejected client ID, permanently', () => {
    const error = errorForStatus(
      400,
      headers(),
      wixError('invalid_client', 'client ID not valid'),
      anonymous,
    )
    expect(error).toMatchObject({ code: 'invalid_client', retryable: false, status: 400 })
    expect(error.body?.details?.applicationError?.code).toBe('invalid_client')
    expect(error.message).toContain('client ID not valid')
  })

  it('reads a 400 on a refresh as a rejected refresh token', () => {
    const error = errorForStatus(
      400,
      headers(),
      wixError('invalid_grant', 'refresh token revoked'),
      refresh,
    )
    expect(error).toMatchObject({ code: 'invalid_grant', retryable: false })
  })

  it('reads a 400 on a refresh that blames the client as a rejected client ID', () => {
    const error = errorForStatus(
      400,
      headers(),
      wixError('invalid_client', 'unknown client'),
      refresh,
    )
    expect(error.code).toBe('invalid_client')
  })

  it('treats other client errors as permanent http errors', () => {
    expect(errorForStatus(403, headers(), '', refresh)).toMatchObject({
      code: 'http',
      status: 403,
      retryable: false,
    })
    expect(errorForStatus(404, headers(), '<html>', anonymous)).toMatchObject({
      code: 'http',
      retryable: false,
    })
  })

  it('scrubs a refresh token the server echoes from the message and the body', () => {
    const echoed = wixError('invalid_grant', 'refresh token JWS.spent-refresh is revoked')
    const error = errorForStatus(400, headers(), echoed, refresh)
    expect(error.message).not.toContain('spent-refresh')
    expect(JSON.stringify(error.body)).not.toContain('spent-refresh')
    expect(JSON.stringify(error)).not.toContain('spent-refresh')
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000)
    const now = Date.UTC(2026, 10, 25, 12, 0, 0)
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
