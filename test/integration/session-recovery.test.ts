import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { isSessionError } from '../../src/errors'
import type { MockFault } from '../../src/testing/index'
import { grants, mockServer, nextEvent, sessionFor, whoami } from '../support/session-fixture'

const transientFaults: [string, MockFault, string][] = [
  ['HTTP 500', { status: 500 }, 'http'],
  [
    'HTTP 502 as an HTML page',
    { status: 502, rawBody: '<h1>Bad gateway</h1>', contentType: 'text/html' },
    'http',
  ],
  ['HTTP 503 with Retry-After', { status: 503, retryAfter: 1 }, 'http'],
  ['HTTP 504', { status: 504 }, 'http'],
  ['HTTP 408', { status: 408 }, 'http'],
  ['HTTP 429 with Retry-After', { status: 429, retryAfter: 1 }, 'rate_limited'],
  ['HTTP 429 without Retry-After', { status: 429 }, 'rate_limited'],
  ['a dropped connection', { drop: true }, 'network'],
  ['malformed JSON', { malformedJson: true }, 'bad_response'],
  ['a response missing fields', { response: { access_token: 'OauthNG.JWS.x' } }, 'bad_response'],
  ['a request that times out', { delayMs: 1500 }, 'timeout'],
]

describe('transient faults', () => {
  it.each(transientFaults)(
    'recovers from %s on the mint with one retry',
    async (_name, fault, code) => {
      const server = await mockServer()
      server.injectFault({ ...fault, grantType: 'anonymous' })
      const session = sessionFor(server, { requestTimeout: 500 }).start()
      const failed: SessionEmitted[] = []
      session.on('tokenRequestFailed', (event) => failed.push(event))
      const token = await session.getAccessToken()
      expect((await whoami(server, token)).status).toBe(200)
      expect(grants(server)).toEqual(['anonymous', 'anonymous'])
      expect(failed).toEqual([
        expect.objectContaining({ willRetry: true, error: expect.objectContaining({ code }) }),
      ])
    },
  )

  it.each(transientFaults)(
    'recovers from %s on a refresh and never loses the session',
    async (_name, fault) => {
      const server = await mockServer()
      const session = sessionFor(server, { requestTimeout: 500 }).start()
      const old = await session.getAccessToken()
      server.injectFault({ ...fault, grantType: 'refresh_token' })
      const refreshed = session.refresh()
      // While the refresh is failing, the still-valid token keeps being served.
      expect(await session.getAccessToken()).toBe(old)
      const fresh = await refreshed
      expect(fresh).not.toBe(old)
      expect((await whoami(server, fresh)).status).toBe(200)
      expect(grants(server)).toEqual(['anonymous', 'refresh_token', 'refresh_token'])
    },
  )

  it('honours Retry-After before trying again', async () => {
    const server = await mockServer()
    server.injectFault({ status: 429, retryAfter: 1 })
    const session = sessionFor(server).start()
    await session.getAccessToken()
    const [first, second] = server.requests
    expect(second && first?.endedAt ? second.startedAt - first.endedAt : 0).toBeGreaterThanOrEqual(
      950,
    )
  })

  it('gives up after the retry budget with the typed error, in a bounded number of requests', async () => {
    const server = await mockServer()
    server.injectFault({ status: 503 }, 10)
    const session = sessionFor(server, {
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    }).start()
    const error = await session.getAccessToken().catch((reason: unknown) => reason)
    expect(isSessionError(error, 'http')).toBe(true)
    expect(session.state).toBe('failed')
    expect(server.requests).toHaveLength(3)
    session.retry()
    await expect(session.getAccessToken()).rejects.toSatisfy((reason) =>
      isSessionError(reason, 'http'),
    )
    expect(server.requests).toHaveLength(6)
  })
})

describe('permanent failures', () => {
  it('fails at once on a bad client ID, after exactly one request', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { clientId: 'not-my-client' }).start()
    const error = await session.getAccessToken().catch((reason: unknown) => reason)
    expect(isSessionError(error, 'invalid_client')).toBe(true)
    expect(error).toMatchObject({ status: 400, retryable: false })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(server.requests).toHaveLength(1)
    expect(session.state).toBe('failed')
  })

  it('replaces a visitor whose refresh token was revoked, and tells the app', async () => {
    const server = await mockServer()
    const session = sessionFor(server).start()
    const oldToken = await session.getAccessToken()
    const before = await whoami(server, oldToken)
    const oldSessionId = session.snapshot.sessionId
    const { refreshToken } = await session.getTokens()
    server.revokeRefreshToken(refreshToken)

    const replaced = nextEvent(session, 'visitorReplaced')
    await session.refresh()
    expect(await replaced).toEqual({
      type: 'visitorReplaced',
      previousSessionId: oldSessionId,
      reason: 'invalid_grant',
    })
    const after = await whoami(server, await session.getAccessToken())
    expect(after.body.visitorId).not.toBe(before.body.visitorId)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token', 'anonymous'])
  })
})

describe('session.fetch', () => {
  it('sends the raw token, and on a 401 refreshes once and retries once', async () => {
    let serverOffset = 0
    const server = await mockServer({ now: () => Date.now() + serverOffset })
    const session = sessionFor(server).start()
    const first = await session.fetch<{ visitorId: string }>(server.protectedUrl)
    serverOffset = 5 * 60 * 60 * 1000 // the server considers the token expired; the client does not
    const second = await session.fetch<{ visitorId: string }>(server.protectedUrl, {
      method: 'POST',
      body: {},
    })
    expect(second.visitorId).toBe(first.visitorId)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
  })

  it('shares one refresh between many requests rejected with the same token', async () => {
    let serverOffset = 0
    const server = await mockServer({ now: () => Date.now() + serverOffset })
    const session = sessionFor(server).start()
    await session.getAccessToken()
    serverOffset = 5 * 60 * 60 * 1000
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => session.fetch(server.protectedUrl)),
    )
    expect(answers).toHaveLength(10)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
  })

  it('replaces a revoked visitor found out by a 401, and the retry succeeds', async () => {
    const server = await mockServer()
    const session = sessionFor(server).start()
    const token = await session.getAccessToken()
    const revoked = (await whoami(server, token)).body.visitorId ?? ''
    server.revokeVisitor(revoked)
    const answer = await session.fetch<{ visitorId: string }>(server.protectedUrl)
    expect(answer.visitorId).not.toBe(revoked)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token', 'anonymous'])
  })

  it('gives up with the 401 after one refresh and one retry when every token is refused', async () => {
    const server = await mockServer()
    const seen: (string | undefined)[] = []
    const refuser = createServer((request, response) => {
      seen.push(request.headers.authorization)
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"no"}')
    })
    await new Promise<void>((resolve) => refuser.listen(0, '127.0.0.1', resolve))
    const { port } = refuser.address() as AddressInfo
    try {
      const session = sessionFor(server).start()
      await expect(session.fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
        status: 401,
      })
      expect(seen).toHaveLength(2)
      expect(seen[0]).not.toBe(seen[1])
      expect(seen.every((header) => header?.startsWith('OauthNG.JWS.'))).toBe(true)
      expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
    } finally {
      refuser.closeAllConnections()
      await new Promise((resolve) => refuser.close(resolve))
    }
  })
})
