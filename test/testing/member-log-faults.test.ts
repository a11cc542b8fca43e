import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockEndpoint } from '../../src/testing'
import {
  ADA,
  CALLBACK,
  callApi,
  createSession,
  exchangeCode,
  loginUrl,
  pkce,
  submitLogin,
  visit,
  visitorToken,
} from './member-client'
import { anonymousGrant, applicationErrorCode, mintVisitor } from './mock-client'
import { useSharedMockServer } from './shared-server'

const LOGIN = '/_api/iam/authentication/v2/login'
const REGISTER = '/_api/iam/authentication/v2/register'
const VERIFY = '/_api/iam/verification/v1/auth/verify'
const RECOVERY = '/_api/iam/recovery/v1/send-email'
const server = useSharedMockServer({ members: [ADA], redirectUris: [CALLBACK] })

let serial = 0
/** A member no earlier test has touched: `extra` decides what logging in answers. */
function freshMember(extra: Record<string, boolean> = {}) {
  serial += 1
  const member = { email: `member-${serial}@example.com`, password: `password-${serial}` }
  server().addMember({ ...member, ...extra })
  return member
}

const credentials = (member: { email: string; password: string }) => ({
  loginId: { email: member.email },
  password: member.password,
})

/** One of each member-side call, returning every secret that went over the wire. */
async function everyMemberCall(): Promise<string[]> {
  const visitor = await mintVisitor(server())
  const token = visitor.access_token
  const codes = pkce()
  const url = await loginUrl(server(), codes, {}, 'login', token)
  await visit(url)
  const page = await submitLogin(url, ADA.email, ADA.password)
  const code = page.params.code ?? ''
  const member = await exchangeCode(server(), {
    clientId: MOCK_CLIENT_ID,
    grantType: 'authorization_code',
    redirectUri: CALLBACK,
    code,
    codeVerifier: codes.verifier,
  })
  const login = await callApi(server(), LOGIN, credentials(ADA), token)
  const newcomer = { email: `new-${serial}@example.com`, password: `new-password-${serial}` }
  await callApi(server(), REGISTER, credentials(newcomer), token)
  const unverified = freshMember({ requireEmailVerification: true })
  const pending = await callApi(server(), LOGIN, credentials(unverified), token)
  const verificationCode = server().verificationCode(unverified.email) ?? ''
  const stateToken = pending.body.stateToken
  const verified = await callApi(server(), VERIFY, { code: verificationCode, stateToken }, token)
  await callApi(server(), RECOVERY, { email: ADA.email }, token)
  const memberToken = member.body.access_token as string
  const logout = await createSession(server(), memberToken, {
    logout: { clientId: MOCK_CLIENT_ID },
  })
  await visit(logout.fullUrl)
  return [
    ADA.password,
    newcomer.password,
    unverified.password,
    token,
    codes.verifier,
    code,
    memberToken,
    member.body.refresh_token as string,
    login.body.sessionToken as string,
    pending.body.stateToken as string,
    verified.body.sessionToken as string,
    verificationCode,
  ]
}

describe('the request log of the member side', () => {
  it('records each call with its endpoint, method and result; token requests as before', async () => {
    await everyMemberCall()
    const rows = server().requests.map((record) => [
      record.endpoint ?? 'token',
      record.method ?? record.grantType,
      record.outcome,
      record.result ?? null,
    ])
    expect(rows).toEqual([
      ['token', 'anonymous', 'issued', null],
      ['redirect-session', 'POST', 'issued', 'auth'],
      ['login-page', 'GET', 'issued', 'form'],
      ['login-page', 'POST', 'issued', 'code'],
      ['token', 'authorization_code', 'issued', null],
      ['login', 'POST', 'issued', 'SUCCESS'],
      ['register', 'POST', 'issued', 'SUCCESS'],
      ['login', 'POST', 'issued', 'REQUIRE_EMAIL_VERIFICATION'],
      ['verify', 'POST', 'issued', 'SUCCESS'],
      ['recovery', 'POST', 'issued', 'sent'],
      ['redirect-session', 'POST', 'issued', 'logout'],
      ['logout-page', 'GET', 'issued', 'logged_out'],
    ])
    const registered = server().requests.find((r) => r.endpoint === 'register')
    expect(registered?.email).toMatch(/^new-\d+@example\.com$/)
    expect(registered).toMatchObject({
      memberId: server().memberId(registered?.email ?? ''),
      grantType: null,
      refreshToken: null,
      fieldStyle: 'none',
      encoding: 'json',
      status: 200,
      endedAt: expect.any(Number),
    })
  })

  it('never records a password, code, verifier, session, state or access token', async () => {
    const secrets = await everyMemberCall()
    const logged = JSON.stringify(server().requests)
    const served = await (await fetch(`${server().url}/__mock/requests`)).text()
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(3)
      expect(logged).not.toContain(secret)
      expect(served).not.toContain(secret)
    }
    expect(JSON.parse(served)).toEqual(server().requests)
  })

  it('serves the e-mails at GET /__mock/emails', async () => {
    await callApi(server(), RECOVERY, { email: ADA.email }, await visitorToken(server()))
    const emails = await (await fetch(`${server().url}/__mock/emails`)).json()
    expect(emails).toEqual(server().emails)
    expect(emails.at(-1)).toMatchObject({ kind: 'password-reset', to: ADA.email })
  })
})

describe('faults on the member side', () => {
  const logoutBody = { logout: { clientId: MOCK_CLIENT_ID } }

  /** Each endpoint, called with a visitor's token in a way that succeeds without a fault. */
  const calls: Record<Exclude<MockEndpoint, 'token'>, (token: string) => Promise<number>> = {
    'redirect-session': async (token) => (await createSession(server(), token, logoutBody)).status,
    'login-page': async (token) =>
      (await visit(await loginUrl(server(), pkce(), {}, 'login', token))).status,
    'logout-page': async (token) => {
      const session = await createSession(server(), token, logoutBody)
      return (await visit(session.fullUrl)).status
    },
    login: async (token) => (await callApi(server(), LOGIN, credentials(ADA), token)).status,
    register: async (token) => {
      serial += 1
      const newcomer = { email: `registered-${serial}@example.com`, password: 'pass-1' }
      return (await callApi(server(), REGISTER, credentials(newcomer), token)).status
    },
    verify: async (token) => {
      const unverified = freshMember({ requireEmailVerification: true })
      const pending = await callApi(server(), LOGIN, credentials(unverified), token)
      const code = server().verificationCode(unverified.email)
      const stateToken = pending.body.stateToken
      return (await callApi(server(), VERIFY, { code, stateToken }, token)).status
    },
    recovery: async (token) =>
      (await callApi(server(), RECOVERY, { email: ADA.email }, token)).status,
  }

  it.each(Object.keys(calls) as (keyof typeof calls)[])(
    'plays a fault on %s requests only when it names that endpoint',
    async (endpoint) => {
      const token = await visitorToken(server())
      server().injectFault({ status: 500 })
      server().injectFault({ endpoint, status: 503, retryAfter: 1 })
      expect(await calls[endpoint](token)).toBe(503)
      const faulted = server().requests.filter(
        (r) => r.endpoint === endpoint && r.outcome === 'fault',
      )
      expect(faulted).toEqual([
        expect.objectContaining({ status: 503, fault: expect.objectContaining({ endpoint }) }),
      ])
      expect(await calls[endpoint](token)).toBeLessThan(400)
      // The token fault was never taken by the member side.
      expect((await anonymousGrant(server())).status).toBe(500)
    },
  )

  it('faults the code exchange by grantType authorization_code', async () => {
    server().injectFault({ grantType: 'authorization_code', status: 502 })
    const visitor = await mintVisitor(server())
    expect(visitor.access_token).toMatch(/^OauthNG/)
    const codes = pkce()
    const page = await submitLogin(await loginUrl(server(), codes), ADA.email, ADA.password)
    const fields = {
      clientId: MOCK_CLIENT_ID,
      grantType: 'authorization_code',
      redirectUri: CALLBACK,
      code: page.params.code ?? '',
      codeVerifier: codes.verifier,
    }
    expect((await exchangeCode(server(), fields)).status).toBe(502)
    // The fault answered instead: the code was not spent.
    expect((await exchangeCode(server(), fields)).status).toBe(200)
  })

  it('drops, delays and hangs member-side requests like token requests', async () => {
    server().injectFault({ endpoint: 'login', drop: true })
    const token = await visitorToken(server())
    const body = { loginId: { email: ADA.email }, password: ADA.password }
    await expect(callApi(server(), LOGIN, body, token)).rejects.toThrow(TypeError)
    expect(server().requests.at(-1)).toMatchObject({ endpoint: 'login', outcome: 'dropped' })

    server().injectFault({ endpoint: 'login', delayMs: 120 })
    const started = Date.now()
    expect((await callApi(server(), LOGIN, body, token)).body.state).toBe('SUCCESS')
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)

    server().injectFault({ endpoint: 'login-page', hang: true })
    const url = await loginUrl(server(), pkce())
    await expect(visit(url, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
  })

  it('takes endpoint faults over POST /__mock/faults and refuses malformed ones', async () => {
    const control = (fault: unknown) =>
      fetch(`${server().url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ fault }) })
    expect((await control({ endpoint: 'register', status: 429 })).status).toBe(200)
    const token = await visitorToken(server())
    const register = { loginId: { email: 'ctl@example.com' }, password: 'pass-1' }
    expect((await callApi(server(), REGISTER, register, token)).status).toBe(429)
    const unknown = await control({ endpoint: 'checkout', status: 500 })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { message: string }).message).toContain('fault.endpoint')
    const mixed = await control({ endpoint: 'login', grantType: 'anonymous', status: 500 })
    expect(mixed.status).toBe(400)
    expect(applicationErrorCode(await mixed.json())).toBe('INVALID_ARGUMENT')
  })
})

describe('CORS on the member side', () => {
  it("grants @wix/sdk's x-wix-bi-gateway header and echoes the origin", async () => {
    const preflight = await fetch(server().redirectSessionUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-wix-bi-gateway',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-wix-bi-gateway')
    const answer = await fetch(`${server().url}${LOGIN}`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(answer.status).toBe(401)
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })
})
