import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MOCK_CLIENT_ID,
  type MockTokenResponse,
  type MockWixServer,
  startMockWixServer,
  WIX_ACCESS_TOKEN_LIFETIME,
} from '../../src/testing'
import {
  applicationErrorCode,
  type Encoding,
  mintVisitor,
  postToken,
  refresh,
  tokenInfo,
  whoami,
} from './mock-client'

describe('anonymous grant', () => {
  let server: MockWixServer
  beforeAll(async () => {
    server = await startMockWixServer()
  })
  afterAll(() => server.close())

  const spellings: [Encoding, Record<string, string>][] = [
    ['json', { clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }],
    ['json', { client_id: MOCK_CLIENT_ID, grant_type: 'anonymous' }],
    ['form', { clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }],
    ['form', { client_id: MOCK_CLIENT_ID, grant_type: 'anonymous' }],
  ]
  for (const [encoding, fields] of spellings) {
    const style = 'clientId' in fields ? 'camelCase' : 'snake_case'
    it(`issues visitor tokens for a ${encoding} body in ${style}`, async () => {
      const response = await postToken(server, fields, encoding)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(response.headers.get('cache-control')).toBe('no-store')
      const body = (await response.json()) as MockTokenResponse
      expect(body).toEqual({
        access_token: expect.stringMatching(/^OauthNG\.JWS\.[A-Za-z0-9_-]{40,}$/),
        token_type: 'Bearer',
        expires_in: WIX_ACCESS_TOKEN_LIFETIME,
        refresh_token: expect.stringMatching(/^JWS\.[A-Za-z0-9_-]{40,}$/),
      })
      expect((await whoami(server, body.access_token)).status).toBe(200)
    })
  }

  it('accepts JSON sent as application/json; charset=utf-8 and tolerates unknown fields', async () => {
    const response = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ clientId: MOCK_CLIENT_ID, grantType: 'anonymous', scope: 'x' }),
    })
    expect(response.status).toBe(200)
  })

  it('mints a new visitor with distinct tokens on every call', async () => {
    const first = await mintVisitor(server)
    const second = await mintVisitor(server)
    expect(first.access_token).not.toBe(second.access_token)
    expect(first.refresh_token).not.toBe(second.refresh_token)
    const [one, two] = await Promise.all([
      whoami(server, first.access_token),
      whoami(server, second.access_token),
    ])
    expect(one.body.visitorId).toEqual(expect.any(String))
    expect(one.body.visitorId).not.toBe(two.body.visitorId)
    expect(one.body.role).toBe('visitor')
  })
})

describe('access token lifetime', () => {
  it('uses the configured lifetime, and a new one set at runtime for later tokens', async () => {
    const server = await startMockWixServer({ accessTokenLifetime: 60 })
    try {
      expect((await mintVisitor(server)).expires_in).toBe(60)
      server.setAccessTokenLifetime(5)
      expect((await mintVisitor(server)).expires_in).toBe(5)
    } finally {
      await server.close()
    }
  })

  it('refuses a negative or fractional lifetime', async () => {
    await expect(startMockWixServer({ accessTokenLifetime: -1 })).rejects.toThrow(RangeError)
    const server = await startMockWixServer()
    try {
      expect(() => server.setAccessTokenLifetime(1.5)).toThrow(RangeError)
    } finally {
      await server.close()
    }
  })

  it('accepts only the client IDs it was given', async () => {
    const server = await startMockWixServer({ clientIds: ['site-a', 'site-b'] })
    try {
      expect((await postToken(server, { clientId: 'site-b', grantType: 'anonymous' })).status).toBe(
        200,
      )
      const rejected = await postToken(server, { clientId: MOCK_CLIENT_ID, grantType: 'anonymous' })
      expect(rejected.status).toBe(400)
    } finally {
      await server.close()
    }
  })
})

describe('refresh_token grant with rotation (default)', () => {
  let server: MockWixServer
  beforeAll(async () => {
    server = await startMockWixServer()
  })
  afterAll(() => server.close())

  it('keeps the same visitor, issues a new access token and rotates the refresh token', async () => {
    const first = await mintVisitor(server)
    const response = await refresh(server, first.refresh_token)
    expect(response.status).toBe(200)
    const second = (await response.json()) as MockTokenResponse
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    const before = await whoami(server, first.access_token)
    const after = await whoami(server, second.access_token)
    expect(after.body.visitorId).toBe(before.body.visitorId)
    expect(after.body.role).toBe('visitor')
    const info = await tokenInfo(server, second.access_token)
    expect(info.subjectId).toBe(before.body.visitorId)
    expect(info.subjectType).toBe('VISITOR')
  })

  it('accepts camelCase and form-encoded refreshes that carry the client ID', async () => {
    const tokens = await mintVisitor(server)
    const fields = { clientId: MOCK_CLIENT_ID, grantType: 'refresh_token' }
    const json = await postToken(server, { ...fields, refreshToken: tokens.refresh_token })
    expect(json.status).toBe(200)
    const { refresh_token } = (await json.json()) as MockTokenResponse
    const form = await postToken(
      server,
      { client_id: MOCK_CLIENT_ID, grant_type: 'refresh_token', refresh_token },
      'form',
    )
    expect(form.status).toBe(200)
  })

  it('rejects a spent refresh token with invalid_grant', async () => {
    const tokens = await mintVisitor(server)
    expect((await refresh(server, tokens.refresh_token)).status).toBe(200)
    const again = await refresh(server, tokens.refresh_token)
    expect(again.status).toBe(400)
    expect(applicationErrorCode(await again.json())).toBe('invalid_grant')
  })

  it('lets only one of two simultaneous refreshes with the same token succeed', async () => {
    const tokens = await mintVisitor(server)
    const statuses = await Promise.all([
      refresh(server, tokens.refresh_token).then((r) => r.status),
      refresh(server, tokens.refresh_token).then((r) => r.status),
    ])
    expect(statuses.sort()).toEqual([200, 400])
  })

  it('rejects a refresh token of another client with invalid_grant', async () => {
    const multi = await startMockWixServer({ clientIds: ['site-a', 'site-b'] })
    try {
      const tokens = await mintVisitor(multi, 'site-a')
      const response = await refresh(multi, tokens.refresh_token, { clientId: 'site-b' })
      expect(response.status).toBe(400)
      expect(applicationErrorCode(await response.json())).toBe('invalid_grant')
      expect((await refresh(multi, tokens.refresh_token, { clientId: 'site-a' })).status).toBe(200)
    } finally {
      await multi.close()
    }
  })

  it('rejects a revoked refresh token with invalid_grant', async () => {
    const tokens = await mintVisitor(server)
    server.revokeRefreshToken(tokens.refresh_token)
    const response = await refresh(server, tokens.refresh_token)
    expect(response.status).toBe(400)
    expect(applicationErrorCode(await response.json())).toBe('invalid_grant')
  })

  it('stops every token of a revoked visitor', async () => {
    const tokens = await mintVisitor(server)
    const visitorId = (await whoami(server, tokens.access_token)).body.visitorId as string
    server.revokeVisitor(visitorId)
    const refreshed = await refresh(server, tokens.refresh_token)
    expect(refreshed.status).toBe(400)
    expect(applicationErrorCode(await refreshed.json())).toBe('invalid_grant')
    expect((await whoami(server, tokens.access_token)).status).toBe(401)
    expect(await tokenInfo(server, tokens.access_token)).toEqual({ active: false })
  })
})

describe('refresh_token grant without rotation', () => {
  it('returns the same refresh token, which keeps working', async () => {
    const server = await startMockWixServer({ rotateRefreshTokens: false })
    try {
      const tokens = await mintVisitor(server)
      const first = (await (
        await refresh(server, tokens.refresh_token)
      ).json()) as MockTokenResponse
      expect(first.refresh_token).toBe(tokens.refresh_token)
      const second = await refresh(server, tokens.refresh_token)
      expect(second.status).toBe(200)
      const body = (await second.json()) as MockTokenResponse
      expect(body.access_token).not.toBe(first.access_token)
      const visitor = await whoami(server, body.access_token)
      expect(visitor.body.visitorId).toBe(
        (await whoami(server, tokens.access_token)).body.visitorId,
      )
    } finally {
      await server.close()
    }
  })
})

describe('member tokens', () => {
  it('are issued as member and stay member across refreshes', async () => {
    const server = await startMockWixServer()
    try {
      const member = server.createMemberTokens()
      expect(member.access_token).toMatch(/^OauthNG\.JWS\./)
      expect(member.refresh_token).toMatch(/^JWS\./)
      expect(member.expires_in).toBe(WIX_ACCESS_TOKEN_LIFETIME)
      const response = await refresh(server, member.refresh_token, { clientId: MOCK_CLIENT_ID })
      expect(response.status).toBe(200)
      const refreshed = (await response.json()) as MockTokenResponse
      const me = await whoami(server, refreshed.access_token)
      expect(me.body).toMatchObject({ visitorId: member.visitorId, role: 'member' })
      const info = await tokenInfo(server, refreshed.access_token)
      expect(info).toMatchObject({ subjectType: 'MEMBER', subjectId: member.visitorId })
      expect(() => server.createMemberTokens('not-a-client')).toThrow(/unknown client ID/)
    } finally {
      await server.close()
    }
  })
})
