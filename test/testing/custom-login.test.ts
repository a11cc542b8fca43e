import { describe, expect, it } from 'vitest'
import { type MockWixServer, startMockWixServer } from '../../src/testing'
import { ADA, CALLBACK, callApi, loginUrl, pkce, visit, visitorToken } from './member-client'
import { applicationErrorCode } from './mock-client'
import { useSharedMockServer } from './shared-server'

const LOGIN = '/_api/iam/authentication/v2/login'
const REGISTER = '/_api/iam/authentication/v2/register'
const VERIFY = '/_api/iam/verification/v1/auth/verify'
const RECOVERY = '/_api/iam/recovery/v1/send-email'

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

const server = useSharedMockServer({
  members: [{ ...ADA, profile: { nickname: 'Ada' } }, UNVERIFIED, UNAPPROVED, EXPIRED],
  redirectUris: [CALLBACK],
})

async function call(path: string, body: unknown, target: MockWixServer = server()) {
  return callApi(target, path, body, await visitorToken(target))
}

const credentials = (member: { email: string; password: string }) => ({
  loginId: { email: member.email },
  password: member.password,
})

function violation(body: Record<string, unknown>) {
  const details = body.details as {
    validationError?: { fieldViolations: { field: string; data: { type?: string } }[] }
  }
  return details.validationError?.fieldViolations[0]
}

describe('custom login', () => {
  it("answers SUCCESS with a session token and the member's identity", async () => {
    const { status, body } = await call(LOGIN, credentials(ADA))
    expect(status).toBe(200)
    expect(body).toEqual({
      state: 'SUCCESS',
      sessionToken: expect.stringMatching(/^JWS\./),
      identity: expect.objectContaining({
        id: server().memberId(ADA.email),
        email: { address: ADA.email, isVerified: true },
        status: { name: 'ACTIVE', reasons: [] },
        identityProfile: { nickname: 'Ada' },
      }),
    })
  })

  it('answers -19976 for a wrong password, -19999 for no such member, -19973 for a reset', async () => {
    const wrong = await call(LOGIN, { ...credentials(ADA), password: 'nope' })
    const nobody = await call(LOGIN, credentials({ email: 'no@example.com', password: 'x' }))
    const reset = await call(LOGIN, credentials(EXPIRED))
    expect([wrong, nobody, reset].map(({ status }) => status)).toEqual([400, 400, 400])
    expect([wrong, nobody, reset].map(({ body }) => applicationErrorCode(body))).toEqual([
      '-19976',
      '-19999',
      '-19973',
    ])
  })

  it('answers a missing or malformed e-mail with a validation error on loginId.email', async () => {
    for (const loginId of [{}, { email: 'not-an-email' }]) {
      const { status, body } = await call(LOGIN, { loginId, password: 'x' })
      expect(status).toBe(400)
      expect(violation(body)).toMatchObject({ field: 'loginId.email', data: { type: 'EMAIL' } })
    }
    expect(violation((await call(LOGIN, { loginId: { email: ADA.email } })).body)?.field).toBe(
      'password',
    )
  })

  it('asks for e-mail verification, e-mails a code, and verifies with it', async () => {
    const login = await call(LOGIN, credentials(UNVERIFIED))
    expect(login.body).toMatchObject({
      state: 'REQUIRE_EMAIL_VERIFICATION',
      stateToken: expect.any(String),
      identity: { status: { name: 'PENDING', reasons: ['PENDING_EMAIL_VERIFICATION_REQUIRED'] } },
    })
    expect(login.body.sessionToken).toBeUndefined()
    const code = server().verificationCode(UNVERIFIED.email)
    expect(code).toMatch(/^\d{6}$/)
    expect(server().emails.at(-1)).toMatchObject({
      kind: 'verification',
      to: UNVERIFIED.email,
      code,
    })

    const stateToken = login.body.stateToken
    const wrongCode = await call(VERIFY, {
      code: code === '000000' ? '111111' : '000000',
      stateToken,
    })
    expect(applicationErrorCode(wrongCode.body)).toBe('invalid_verification_code')
    const verified = await call(VERIFY, { code, stateToken })
    expect(verified.body).toMatchObject({ state: 'SUCCESS', sessionToken: expect.any(String) })
    expect(applicationErrorCode((await call(VERIFY, { code, stateToken })).body)).toBe(
      'invalid_state_token',
    )
    expect((await call(LOGIN, credentials(UNVERIFIED))).body.state).toBe('SUCCESS')
  })

  it('answers REQUIRE_OWNER_APPROVAL until the owner approves', async () => {
    expect((await call(LOGIN, credentials(UNAPPROVED))).body.state).toBe('REQUIRE_OWNER_APPROVAL')
    server().approveMember(UNAPPROVED.email)
    expect((await call(LOGIN, credentials(UNAPPROVED))).body.state).toBe('SUCCESS')
  })

  it('answers 401 without a valid access token', async () => {
    for (const path of [LOGIN, REGISTER, VERIFY, RECOVERY]) {
      const { status } = await callApi(server(), path, credentials(ADA))
      expect({ path, status }).toEqual({ path, status: 401 })
    }
  })
})

describe('registration', () => {
  it('creates a member who can then log in', async () => {
    const member = { email: 'newcomer@example.com', password: 'fresh-pass' }
    const registered = await call(REGISTER, {
      ...credentials(member),
      profile: { nickname: 'New' },
    })
    expect(registered.body).toMatchObject({
      state: 'SUCCESS',
      sessionToken: expect.any(String),
      identity: { id: server().memberId(member.email), identityProfile: { nickname: 'New' } },
    })
    expect((await call(LOGIN, credentials(member))).body.state).toBe('SUCCESS')
    const again = await call(REGISTER, credentials(member))
    expect(applicationErrorCode(again.body)).toBe('-19995')
  })

  it('refuses an invalid e-mail (data.type EMAIL) and a password out of 4 to 100 characters', async () => {
    const badEmail = await call(REGISTER, credentials({ email: 'nope', password: 'long-enough' }))
    expect(violation(badEmail.body)).toMatchObject({
      field: 'loginId.email',
      data: { type: 'EMAIL' },
    })
    for (const password of ['abc', 'x'.repeat(101)]) {
      const bad = await call(REGISTER, credentials({ email: 'short@example.com', password }))
      expect(bad.status).toBe(400)
      expect(violation(bad.body)?.field).toBe('password')
    }
    expect(server().memberId('short@example.com')).toBeNull()
  })

  it('follows newMembers: verification first when the site asks for it', async () => {
    const local = await startMockWixServer({ newMembers: { requireEmailVerification: true } })
    try {
      const member = { email: 'joiner@example.com', password: 'join-me' }
      const registered = await call(REGISTER, credentials(member), local)
      expect(registered.body.state).toBe('REQUIRE_EMAIL_VERIFICATION')
      expect(local.verificationCode(member.email)).toMatch(/^\d{6}$/)
    } finally {
      await local.close()
    }
  })
})

describe('captcha', () => {
  it('answers -19971 without a captcha token and -19970 with a wrong one', async () => {
    const local = await startMockWixServer({ members: [ADA], captchaToken: 'human' })
    try {
      const missing = await call(LOGIN, credentials(ADA), local)
      expect(applicationErrorCode(missing.body)).toBe('-19971')
      const wrong = await call(
        LOGIN,
        { ...credentials(ADA), captchaTokens: [{ Recaptcha: 'bot' }] },
        local,
      )
      expect(applicationErrorCode(wrong.body)).toBe('-19970')
      const right = await call(
        LOGIN,
        { ...credentials(ADA), captchaTokens: [{ InvisibleRecaptcha: 'human' }] },
        local,
      )
      expect(right.body.state).toBe('SUCCESS')
      const register = await call(
        REGISTER,
        credentials({ email: 'c@example.com', password: 'pass' }),
        local,
      )
      expect(applicationErrorCode(register.body)).toBe('-19971')
    } finally {
      await local.close()
    }
  })
})

describe('the session token of a custom login', () => {
  const silentLogin = async (sessionToken: string, target = server()) => {
    const codes = pkce()
    const url = await loginUrl(target, codes, { sessionToken }, 'none')
    return visit(url)
  }

  it('gets a code for its member through a prompt none session, once', async () => {
    const { sessionToken } = (await call(LOGIN, credentials(ADA))).body as { sessionToken: string }
    const first = await silentLogin(sessionToken)
    expect(first.params.code).toEqual(expect.any(String))
    expect(server().requests.at(-1)?.memberId).toBe(server().memberId(ADA.email))
    expect((await silentLogin(sessionToken)).params.error).toBe('login_required')
    expect((await silentLogin('JWS.made-up')).params.error).toBe('login_required')
  })

  it('expires after codeLifetime seconds', async () => {
    let now = Date.now()
    const local = await startMockWixServer({
      now: () => now,
      members: [ADA],
      redirectUris: [CALLBACK],
      codeLifetime: 10,
    })
    try {
      const { sessionToken } = (await call(LOGIN, credentials(ADA), local)).body as {
        sessionToken: string
      }
      now += 10_000
      expect((await silentLogin(sessionToken, local)).params.error).toBe('login_required')
    } finally {
      await local.close()
    }
  })
})

describe('password recovery', () => {
  it('records a reset e-mail for a member, and answers the same for an unknown e-mail', async () => {
    const sent = server().emails.length
    const redirect = { url: 'http://127.0.0.1:5173/reset', clientId: 'mock-client-id' }
    const known = await call(RECOVERY, { email: ADA.email, redirect })
    const unknown = await call(RECOVERY, { email: 'nobody@example.com', redirect })
    expect([known, unknown]).toEqual([
      { status: 200, body: {} },
      { status: 200, body: {} },
    ])
    expect(server().emails.slice(sent)).toEqual([
      {
        id: sent + 1,
        kind: 'password-reset',
        to: ADA.email,
        sentAt: expect.any(Number),
        redirectUrl: redirect.url,
        clientId: redirect.clientId,
      },
    ])
    expect(JSON.stringify(server().emails)).not.toContain(ADA.password)
    const recoveries = server().requests.filter((record) => record.endpoint === 'recovery')
    expect(recoveries.map((record) => record.result)).toEqual(['sent', 'no_member'])
  })

  it('refuses a missing e-mail and an unknown client ID', async () => {
    expect((await call(RECOVERY, {})).status).toBe(400)
    const unknownClient = await call(RECOVERY, {
      email: ADA.email,
      redirect: { clientId: 'nobody' },
    })
    expect(applicationErrorCode(unknownClient.body)).toBe('invalid_client')
  })
})
