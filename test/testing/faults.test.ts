import { describe, expect, it } from 'vitest'
import type { MockTokenResponse } from '../../src/testing'
import {
  abandonedRefresh,
  anonymousGrant,
  applicationErrorCode,
  eventually,
  mintVisitor,
  refresh,
} from './mock-client'
import { useSharedMockServer } from './shared-server'

const server = useSharedMockServer()

const lastRecord = () => server().requests.at(-1)

describe('status faults', () => {
  it('answers 429 with Retry-After and a Wix-style body, then recovers', async () => {
    server().injectFault({ status: 429, retryAfter: 3 })
    const response = await anonymousGrant(server())
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(applicationErrorCode(await response.json())).toBe('TOO_MANY_REQUESTS')
    expect(lastRecord()).toMatchObject({ outcome: 'fault', status: 429, visitorId: null })
    expect((await mintVisitor(server())).access_token).toMatch(/^OauthNG\.JWS\./)
  })

  it('sends a given JSON body and headers with the status', async () => {
    server().injectFault({
      status: 503,
      body: { message: 'down' },
      headers: { 'x-wix-request-id': 'r1' },
    })
    const response = await anonymousGrant(server())
    expect(response.status).toBe(503)
    expect(response.headers.get('x-wix-request-id')).toBe('r1')
    expect(await response.json()).toEqual({ message: 'down' })
  })

  it('sends an HTML error page byte for byte', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>'
    server().injectFault({ status: 502, rawBody: page, contentType: 'text/html; charset=utf-8' })
    const response = await anonymousGrant(server())
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toBe(page)
  })

  it('answers 200 with truncated JSON for malformedJson', async () => {
    server().injectFault({ malformedJson: true })
    const response = await anonymousGrant(server())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    const text = await response.text()
    expect(text.startsWith('{"access_token"')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    expect(lastRecord()?.outcome).toBe('fault')
  })

  it('sends an overriding response verbatim and spends no refresh token', async () => {
    const tokens = await mintVisitor(server())
    const override = { access_token: 'OauthNG.JWS.x', token_type: 'Bearer', expires_in: -5 }
    server().injectFault({ response: override })
    const response = await refresh(server(), tokens.refresh_token)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(override)
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(200)
  })
})

describe('timing faults', () => {
  it('delays the answer and then issues real tokens', async () => {
    server().injectFault({ delayMs: 150 })
    const started = Date.now()
    const tokens = await mintVisitor(server())
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(tokens.access_token).toMatch(/^OauthNG\.JWS\./)
    const record = lastRecord()
    expect(record).toMatchObject({ outcome: 'issued', status: 200, fault: { delayMs: 150 } })
    expect((record?.endedAt ?? 0) - (record?.startedAt ?? 0)).toBeGreaterThanOrEqual(140)
  })

  it('combines a delay with a status', async () => {
    server().injectFault({ delayMs: 100, status: 500 })
    const started = Date.now()
    const response = await anonymousGrant(server())
    expect(response.status).toBe(500)
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
    expect(applicationErrorCode(await response.json())).toBe('INTERNAL')
  })

  it('does not process a delayed refresh whose client left during the delay', async () => {
    const tokens = await mintVisitor(server())
    server().injectFault({ grantType: 'refresh_token', delayMs: 250 })
    server().clearRequests()
    expect(await abandonedRefresh(server(), tokens.refresh_token, 50)).toMatchObject({
      name: 'TimeoutError',
    })
    await eventually(() => server().requests[0]?.outcome === 'aborted')
    // Outlive the delay: a late handler must still not spend the token.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(server().requests[0]).toMatchObject({ outcome: 'aborted', status: null })
    expect(server().requests[0]?.endedAt).toEqual(expect.any(Number))
    const response = await refresh(server(), tokens.refresh_token)
    expect(response.status).toBe(200)
  })

  it('hangs until the client goes away, then logs aborted and spends nothing', async () => {
    const tokens = await mintVisitor(server())
    server().injectFault({ grantType: 'refresh_token', hang: true })
    server().clearRequests()
    expect(await abandonedRefresh(server(), tokens.refresh_token, 150)).toMatchObject({
      name: 'TimeoutError',
    })
    await eventually(() => server().requests[0]?.outcome === 'aborted')
    const record = server().requests[0]
    expect(record?.status).toBeNull()
    expect((record?.endedAt ?? 0) - (record?.startedAt ?? 0)).toBeGreaterThanOrEqual(140)
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(200)
  })

  it('drops the connection without an answer and spends nothing', async () => {
    const tokens = await mintVisitor(server())
    server().injectFault({ drop: true })
    await expect(refresh(server(), tokens.refresh_token)).rejects.toThrow(TypeError)
    expect(lastRecord()).toMatchObject({ outcome: 'dropped', status: null, fault: { drop: true } })
    expect(lastRecord()?.endedAt).toEqual(expect.any(Number))
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(200)
  })
})

describe('fault matching', () => {
  it('applies a grantType fault only to that grant', async () => {
    server().injectFault({ grantType: 'refresh_token', status: 503 })
    const tokens = await mintVisitor(server())
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(503)
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(200)
  })

  it('counts down times, then answers normally', async () => {
    server().injectFault({ status: 500 }, 2)
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await anonymousGrant(server())).status)
    }
    expect(statuses).toEqual([500, 500, 200])
  })

  it('consumes faults in the order injected, skipping those of another grant', async () => {
    server().injectFault({ grantType: 'refresh_token', status: 401 })
    server().injectFault({ status: 503 })
    server().injectFault({ status: 429 })
    expect((await anonymousGrant(server())).status).toBe(503)
    expect((await refresh(server(), 'JWS.any')).status).toBe(401)
    expect((await anonymousGrant(server())).status).toBe(429)
    expect((await anonymousGrant(server())).status).toBe(200)
  })

  it('forgets pending faults on clearFaults', async () => {
    server().injectFault({ status: 500 }, 5)
    server().clearFaults()
    const body = (await (await anonymousGrant(server())).json()) as MockTokenResponse
    expect(body.token_type).toBe('Bearer')
  })

  it('refuses a malformed fault at injection', () => {
    expect(() => server().injectFault({ status: 42 })).toThrow(TypeError)
    expect(() => server().injectFault({ hang: 'yes' } as never)).toThrow(TypeError)
    expect(() => server().injectFault({ stauts: 500 } as never)).toThrow(/unknown fault field/)
    expect(() => server().injectFault({ status: 500 }, 0)).toThrow(RangeError)
  })
})
