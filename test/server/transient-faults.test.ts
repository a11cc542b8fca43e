/**
 * `fromRequest()` when Wix fails (HTTP 503, a dropped connection, no answer, 429): with an
 * expired token a typed, retryable error that quotes no token and leaves the cookie as it
 * is; with a token still valid the token is served. Against the mock server over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { isServerSessionError, type ServerSession } from '../../src/server/index'
import { grants, HOUR, requestWith, serverStage } from './support'

async function rejection(work: Promise<ServerSession>) {
  try {
    await work
  } catch (error) {
    return error
  }
  throw new Error('fromRequest() resolved')
}

describe('Wix unreachable or failing', () => {
  const FAULTS = [
    { name: 'HTTP 503', fault: { status: 503 }, code: 'http' },
    { name: 'a dropped connection', fault: { drop: true as const }, code: 'network' },
    { name: 'no answer within requestTimeout', fault: { hang: true as const }, code: 'timeout' },
    {
      name: 'HTTP 429 with Retry-After',
      fault: { status: 429, retryAfter: 7 },
      code: 'rate_limited',
    },
  ]

  it.each(FAULTS)(
    '$name with an expired token: a typed, retryable error ($code), no token in it',
    async ({ fault, code }) => {
      const { server, clock, sessions, request, store } = await serverStage({ requestTimeout: 300 })
      const minted = await sessions.fromRequest(request())
      store(minted.setCookie)
      clock.advance(5 * HOUR)
      server.injectFault({ grantType: 'refresh_token', ...fault })
      const error = await rejection(sessions.fromRequest(request()))
      if (!isServerSessionError(error, code as never)) throw error
      expect(error.retryable).toBe(true)
      expect(error.setCookie).toEqual([])
      if (code === 'rate_limited') expect(error.retryAfterMs).toBe(7_000)
      for (const text of [error.message, JSON.stringify(error)]) {
        expect(text).not.toContain(minted.tokens.refreshToken)
        expect(text).not.toContain(minted.tokens.accessToken)
      }
      // The next request, with Wix back, refreshes the same visitor.
      const recovered = await sessions.fromRequest(request())
      expect(recovered).toMatchObject({ source: 'refreshed', replaced: false })
      expect(recovered.tokens.sessionId).toBe(minted.tokens.sessionId)
    },
  )

  it.each(FAULTS)(
    '$name with a token still valid: the token is served, no error',
    async ({ fault }) => {
      const { server, clock, sessions, request, store } = await serverStage({ requestTimeout: 300 })
      const minted = await sessions.fromRequest(request())
      store(minted.setCookie)
      clock.advance(4 * HOUR - 30_000) // inside the margin, 30 s before expiry
      server.injectFault({ grantType: 'refresh_token', ...fault })
      const session = await sessions.fromRequest(request())
      expect(session).toMatchObject({
        source: 'cookie',
        accessToken: minted.accessToken,
        setCookie: [],
      })
      expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
    },
  )

  it('a failing mint (no cookie) is a typed error too, not a 500 with a stack', async () => {
    const { server, sessions } = await serverStage()
    server.injectFault({ grantType: 'anonymous', status: 502 })
    const error = await rejection(sessions.fromRequest(requestWith('')))
    expect(isServerSessionError(error, 'http')).toBe(true)
    expect((error as { status: number }).status).toBe(502)
  })
})
