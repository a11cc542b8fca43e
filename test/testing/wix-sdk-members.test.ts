/**
 * The official `@wix/sdk`, unchanged, logs members in and out against the mock. It always
 * calls https://www.wixapis.com and takes no fetch of its own, so while a test runs its
 * requests are routed to the mock by a fetch shim; everything else is real HTTP.
 */
import { createClient, OAuthStrategy } from '@wix/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockWixServer, startMockWixServer } from '../../src/testing'
import { ADA, CALLBACK } from './member-client'
import { whoami } from './mock-client'

const UNVERIFIED = {
  email: 'unverified@example.com',
  password: 'verify-me',
  requireEmailVerification: true,
}
const UNAPPROVED = {
  email: 'unapproved@example.com',
  password: 'approve-me',
  requireOwnerApproval: true,
}
const EXPIRED = { email: 'expired@example.com', password: 'reset-me', mustResetPassword: true }
const HOME = 'http://127.0.0.1:5173/'

const realFetch = globalThis.fetch
let server: MockWixServer

beforeAll(async () => {
  server = await startMockWixServer({
    members: [ADA, UNVERIFIED, UNAPPROVED, EXPIRED],
    redirectUris: [CALLBACK],
    autoLogin: ADA.email,
  })
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return realFetch(url.replace('https://www.wixapis.com', server.url), init)
  }
})
afterAll(async () => {
  globalThis.fetch = realFetch
  await server.close()
})
beforeEach(() => server.clearRequests())

const newClient = () => createClient({ auth: OAuthStrategy({ clientId: MOCK_CLIENT_ID }) })

describe('Wix-managed login with @wix/sdk', () => {
  it('gets member tokens from getAuthUrl, the auto-login redirect and getMemberTokens', async () => {
    const wix = newClient()
    const oauthData = wix.auth.generateOAuthData(CALLBACK)
    const { authUrl } = await wix.auth.getAuthUrl(oauthData)
    const page = await realFetch(authUrl, { redirect: 'manual' })
    expect(page.status).toBe(302)
    const { code, state, error } = wix.auth.parseFromUrl(page.headers.get('location') ?? '')
    expect(error).toBeUndefined()
    expect(state).toBe(oauthData.state)

    const tokens = await wix.auth.getMemberTokens(code, state, oauthData)
    expect(tokens.refreshToken.role).toBe('member')
    expect((await whoami(server, tokens.accessToken.value)).body).toMatchObject({
      role: 'member',
      visitorId: server.memberId(ADA.email),
    })
    expect(server.requests.map((r) => r.endpoint ?? r.grantType)).toEqual([
      'anonymous',
      'redirect-session',
      'login-page',
      'authorization_code',
    ])
  })

  it('answers parseFromUrl in the query for responseMode query', async () => {
    const wix = newClient()
    const oauthData = wix.auth.generateOAuthData(CALLBACK)
    const { authUrl } = await wix.auth.getAuthUrl(oauthData, { responseMode: 'query' })
    const location = (await realFetch(authUrl, { redirect: 'manual' })).headers.get('location')
    const { code, state } = wix.auth.parseFromUrl(location ?? '', 'query')
    expect((await wix.auth.getMemberTokens(code, state, oauthData)).refreshToken.role).toBe(
      'member',
    )
  })

  it('renews a member token into another token of the same member', async () => {
    const wix = newClient()
    const tokens = await loginWithRedirect(wix)
    const renewed = await wix.auth.renewToken(tokens.refreshToken)
    expect(renewed.accessToken.value).not.toBe(tokens.accessToken.value)
    expect((await whoami(server, renewed.accessToken.value)).body).toMatchObject({
      role: 'member',
      visitorId: server.memberId(ADA.email),
    })
  })

  it('logs out: after the logout URL the member tokens no longer work', async () => {
    const wix = newClient()
    const tokens = await loginWithRedirect(wix)
    wix.auth.setTokens(tokens)
    const { logoutUrl } = await wix.auth.logout(HOME)
    expect(wix.auth.loggedIn()).toBe(false)
    expect((await whoami(server, tokens.accessToken.value)).status).toBe(200)
    const page = await realFetch(logoutUrl, { redirect: 'manual' })
    expect(page.headers.get('location')).toBe(HOME)
    expect((await whoami(server, tokens.accessToken.value)).status).toBe(401)
    await expect(wix.auth.renewToken(tokens.refreshToken)).rejects.toThrow(/invalid_grant/)
  })
})

describe('custom login with @wix/sdk', () => {
  it('logs in, and tells a wrong password, an unknown member and a needed reset apart', async () => {
    const wix = newClient()
    expect(await wix.auth.login(ADA)).toEqual({
      loginState: 'SUCCESS',
      data: { sessionToken: expect.any(String) },
    })
    const outcomes = await Promise.all([
      wix.auth.login({ ...ADA, password: 'wrong' }),
      wix.auth.login({ email: 'nobody@example.com', password: 'whatever' }),
      wix.auth.login(EXPIRED),
    ])
    expect(outcomes.map((outcome) => outcome.loginState)).toEqual(['FAILURE', 'FAILURE', 'FAILURE'])
    expect(outcomes.map((outcome) => 'errorCode' in outcome && outcome.errorCode)).toEqual([
      'invalidPassword',
      'invalidEmail',
      'resetPassword',
    ])
  })

  it('registers a new member, and knows an existing e-mail and an invalid one', async () => {
    const wix = newClient()
    const member = { email: 'sdk-new@example.com', password: 'sdk-pass-1' }
    expect((await wix.auth.register(member)).loginState).toBe('SUCCESS')
    expect((await wix.auth.login(member)).loginState).toBe('SUCCESS')
    expect(await wix.auth.register(member)).toMatchObject({ errorCode: 'emailAlreadyExists' })
    expect(await wix.auth.register({ email: 'nope', password: 'x1234' })).toMatchObject({
      errorCode: 'invalidEmail',
    })
  })

  it('verifies an e-mail with processVerification, then succeeds', async () => {
    const wix = newClient()
    const pending = await wix.auth.login(UNVERIFIED)
    expect(pending.loginState).toBe('EMAIL_VERIFICATION_REQUIRED')
    const code = server.verificationCode(UNVERIFIED.email) ?? ''
    const done = await wix.auth.processVerification({ verificationCode: code }, pending)
    expect(done).toEqual({ loginState: 'SUCCESS', data: { sessionToken: expect.any(String) } })
  })

  it('reports owner approval as OWNER_APPROVAL_REQUIRED', async () => {
    expect((await newClient().auth.login(UNAPPROVED)).loginState).toBe('OWNER_APPROVAL_REQUIRED')
  })

  it('sends a password-reset e-mail the test can read', async () => {
    await newClient().auth.sendPasswordResetEmail(ADA.email, `${HOME}reset`)
    expect(server.emails.at(-1)).toMatchObject({
      kind: 'password-reset',
      to: ADA.email,
      redirectUrl: `${HOME}reset`,
      clientId: MOCK_CLIENT_ID,
    })
  })
})

async function loginWithRedirect(wix: ReturnType<typeof newClient>) {
  const oauthData = wix.auth.generateOAuthData(CALLBACK)
  const { authUrl } = await wix.auth.getAuthUrl(oauthData)
  const location = (await realFetch(authUrl, { redirect: 'manual' })).headers.get('location')
  const { code, state } = wix.auth.parseFromUrl(location ?? '')
  return wix.auth.getMemberTokens(code, state, oauthData)
}
