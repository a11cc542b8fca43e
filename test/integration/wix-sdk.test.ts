/**
 * The adapter with the real `@wix/sdk` against the mock Wix server. `@wix/sdk` always
 * calls https://www.wixapis.com and takes no fetch of its own, so while a test runs its
 * requests are routed to the mock server by a fetch shim; everything else is real.
 */
import { createClient, OAuthStrategy } from '@wix/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isSessionError } from '../../src/errors'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import { createWixAuth, fromWixTokens, toWixTokens, type WixTokens } from '../../src/wix-sdk/index'
import { grants, mockServer, sessionFor, whoami } from '../support/session-fixture'

const realFetch = globalThis.fetch
let server: MockWixServer

beforeEach(async () => {
  server = await mockServer()
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return realFetch(url.replace('https://www.wixapis.com', server.url), init)
  }
})
afterEach(() => {
  globalThis.fetch = realFetch
})

describe('createWixAuth', () => {
  it("authorises @wix/sdk's calls with the session's raw token, minting one visitor", async () => {
    const session = sessionFor(server).start()
    const wix = createClient({ auth: createWixAuth(session) })
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => wix.fetchWithAuth('https://www.wixapis.com/v1/whoami')),
    )
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200])
    const body = (await responses[0]?.json()) as { visitorId: string }
    expect(body.visitorId).toBe(
      (await whoami(server, await session.getAccessToken())).body.visitorId,
    )
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('reports the active token only while it is valid', async () => {
    let offset = 0
    const session = sessionFor(server, { now: () => Date.now() + offset })
    const auth = createWixAuth(session)
    expect(auth.getActiveToken()).toBeUndefined()
    session.start()
    const token = await session.getAccessToken()
    expect(auth.getActiveToken()).toBe(token)
    offset = 5 * 60 * 60 * 1000
    expect(auth.getActiveToken()).toBeUndefined()
  })
})

describe('tokens shared with @wix/sdk', () => {
  it("adopts @wix/sdk's existing visitor without minting a new one", async () => {
    const legacy = createClient({ auth: OAuthStrategy({ clientId: MOCK_CLIENT_ID }) })
    const wixTokens = (await legacy.auth.generateVisitorTokens()) as WixTokens
    expect(grants(server)).toEqual(['anonymous'])

    const session = sessionFor(server).start()
    await session.importTokens(fromWixTokens(wixTokens))
    expect(await session.getAccessToken()).toBe(wixTokens.accessToken.value)
    // The session now refreshes that same visitor.
    const refreshed = await session.refresh()
    expect((await whoami(server, refreshed)).body.visitorId).toBe(
      (await whoami(server, wixTokens.accessToken.value)).body.visitorId,
    )
    expect(grants(server).filter((grant) => grant === 'anonymous')).toHaveLength(1)
  })

  it("hands the session's tokens to @wix/sdk in its own shape", async () => {
    const session = sessionFor(server).start()
    const tokens = await session.getTokens()
    const wix = createClient({ auth: OAuthStrategy({ clientId: MOCK_CLIENT_ID }) })
    wix.auth.setTokens(toWixTokens(tokens))
    expect(wix.auth.getTokens()).toEqual({
      accessToken: { value: tokens.accessToken, expiresAt: Math.floor(tokens.expiresAt / 1000) },
      refreshToken: { value: tokens.refreshToken, role: 'visitor' },
    })
    expect((await wix.fetchWithAuth('https://www.wixapis.com/v1/whoami')).status).toBe(200)
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('keeps a member a member when importing their tokens', async () => {
    const member = server.createMemberTokens()
    const session = sessionFor(server).start()
    await session.importTokens(
      fromWixTokens({
        accessToken: {
          value: member.access_token,
          expiresAt: Math.floor(Date.now() / 1000) + member.expires_in,
        },
        refreshToken: { value: member.refresh_token, role: 'member' },
      }),
    )
    expect(session.snapshot.role).toBe('member')
    await session.refresh()
    expect(session.snapshot.role).toBe('member')
    expect((await whoami(server, await session.getAccessToken())).body.role).toBe('member')
  })

  it('refuses empty or malformed @wix/sdk tokens with a typed error', async () => {
    const empty = {
      accessToken: { value: '', expiresAt: 0 },
      refreshToken: { value: '', role: 'none' },
    }
    expect(() => fromWixTokens(empty)).toThrow(expect.objectContaining({ code: 'invalid_tokens' }))
    const session = sessionFor(server).start()
    await session.getAccessToken()
    const error = await session
      .importTokens({ accessToken: 'a', refreshToken: '', expiresAt: Date.now() + 1000 })
      .catch((reason: unknown) => reason)
    expect(isSessionError(error, 'invalid_tokens')).toBe(true)
    expect(session.state).toBe('active')
  })
})
