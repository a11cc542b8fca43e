import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID } from '../../src/testing'
import { applicationErrorCode, mintVisitor, tokenInfo, whoami } from './mock-client'
import { useSharedMockServer } from './shared-server'

// A movable clock: tokens expire when the test says so, without waiting.
let clock = Date.parse('2030-01-01T00:00:00Z')
const server = useSharedMockServer({ now: () => clock, accessTokenLifetime: 100 })

describe('/v1/whoami', () => {
  it('answers 200 with the visitor for the raw access token, on GET and POST', async () => {
    const tokens = await mintVisitor(server())
    const me = await whoami(server(), tokens.access_token)
    expect(me.status).toBe(200)
    expect(me.body).toEqual({
      visitorId: expect.any(String),
      role: 'visitor',
      clientId: MOCK_CLIENT_ID,
      expiresAt: clock + 100_000,
    })
    const posted = await fetch(server().protectedUrl, {
      method: 'POST',
      headers: { authorization: tokens.access_token, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(posted.status).toBe(200)
    expect(((await posted.json()) as { visitorId: string }).visitorId).toBe(me.body.visitorId)
  })

  it('answers 401 without an Authorization header', async () => {
    const me = await whoami(server())
    expect(me.status).toBe(401)
    expect(applicationErrorCode(me.body)).toBe('UNAUTHENTICATED')
  })

  it('answers 401 for an unknown token', async () => {
    expect((await whoami(server(), 'OauthNG.JWS.made-up')).status).toBe(401)
  })

  it('answers 401 for a Bearer-prefixed token, because Wix wants the raw token', async () => {
    const tokens = await mintVisitor(server())
    const me = await whoami(server(), `Bearer ${tokens.access_token}`)
    expect(me.status).toBe(401)
    expect(JSON.stringify(me.body)).toContain('Bearer')
  })

  it('answers 401 once the server clock passes the expiry, and 200 just before', async () => {
    const tokens = await mintVisitor(server())
    clock += 99_999
    expect((await whoami(server(), tokens.access_token)).status).toBe(200)
    clock += 1
    const me = await whoami(server(), tokens.access_token)
    expect(me.status).toBe(401)
    expect(me.body).toMatchObject({
      details: { applicationError: { data: { reason: 'expired' } } },
    })
  })
})

describe('/oauth2/token-info', () => {
  it('describes an active access token with exp and iat in epoch seconds', async () => {
    const tokens = await mintVisitor(server())
    const visitorId = (await whoami(server(), tokens.access_token)).body.visitorId
    expect(await tokenInfo(server(), tokens.access_token)).toEqual({
      active: true,
      subjectType: 'VISITOR',
      subjectId: visitorId,
      exp: Math.floor(clock / 1000) + 100,
      iat: Math.floor(clock / 1000),
      clientId: MOCK_CLIENT_ID,
      siteId: expect.any(String),
      instanceId: expect.any(String),
    })
  })

  it('answers active: false and nothing else for unknown and expired tokens', async () => {
    expect(await tokenInfo(server(), 'OauthNG.JWS.made-up')).toEqual({ active: false })
    const tokens = await mintVisitor(server())
    clock += 100_000
    expect(await tokenInfo(server(), tokens.access_token)).toEqual({ active: false })
  })

  it('answers a request without a token with a validation error', async () => {
    const response = await fetch(server().tokenInfoUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toContain('"field":"token"')
  })
})
