/**
 * Custom login through `headless-session/members`, in Node, against the mock Wix server
 * over HTTP: everything that happens before Wix's login frame. Every way Wix can refuse
 * a form is a SessionError of its own, carries no secret, and leaves the visitor's
 * session as it was. What needs the frame (signing in) is proven in real Chromium
 * (test/browser/custom-login.test.ts); here a page that must never get a frame stands in.
 */
import { describe, expect, it } from 'vitest'
import { isSessionError, type SessionErrorCode } from '../../src/errors'
import type { FrameHost } from '../../src/members/login-frame'
import type { MockMember, MockWixServerOptions } from '../../src/testing/index'
import { ADA, CALLBACK, calls, memberScene, rejection } from './support'

const UNVERIFIED = {
  email: 'new@example.com',
  password: 'verify-me',
  requireEmailVerification: true,
}
const UNAPPROVED = {
  email: 'pending@example.com',
  password: 'approve-me',
  requireOwnerApproval: true,
}
const BOTH = { ...UNVERIFIED, email: 'both@example.com', requireOwnerApproval: true }
const EXPIRED = { email: 'old@example.com', password: 'reset-me-1', mustResetPassword: true }
const MEMBERS: MockMember[] = [ADA, UNVERIFIED, UNAPPROVED, BOTH, EXPIRED]

/** A page whose frame must never be used: the tests here all end before Wix's frame. */
const pageWithoutFrames: FrameHost = {
  document: {
    createElement: () => {
      throw new Error('this test expected no login frame')
    },
    body: null,
    documentElement: null,
  } as unknown as FrameHost['document'],
  window: { addEventListener: () => undefined, removeEventListener: () => undefined },
}

async function customScene(serverOptions: MockWixServerOptions = {}) {
  const scene = await memberScene(
    { members: MEMBERS, autoLogin: undefined, ...serverOptions },
    { ...pageWithoutFrames, loginTimeout: 1000 },
  )
  const before = await scene.session.getTokens()
  scene.server.clearRequests()
  return { ...scene, before }
}

type Scene = Awaited<ReturnType<typeof customScene>>

/** The error is `code`, says nothing secret, and the visitor's session is untouched. */
async function expectRefused(
  scene: Scene,
  error: unknown,
  code: SessionErrorCode,
  secrets: string[],
) {
  expect(isSessionError(error, code), `expected ${code}, got ${String(error)}`).toBe(true)
  const said = everythingSaid(error)
  for (const secret of [...secrets, scene.before.accessToken, scene.before.refreshToken]) {
    expect(said).not.toContain(secret)
  }
  const now = await scene.session.getTokens()
  expect(now.sessionId).toBe(scene.before.sessionId)
  expect(now.accessToken).toBe(scene.before.accessToken)
  expect(now.role).toBe('visitor')
}

/** Every way an app could show or log an error, its causes included. */
function everythingSaid(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const record = current as { cause?: unknown; body?: unknown; stack?: unknown }
    parts.push(String(current), JSON.stringify(current), JSON.stringify(record.body ?? null))
    parts.push(String(record.stack ?? ''))
    current = record.cause
  }
  return parts.join('\n')
}

describe('a login form that Wix refuses', () => {
  it('says the password is wrong (invalid_password), with one request and the visitor kept', async () => {
    const scene = await customScene()
    const password = 'not-the-password'
    const error = await rejection(scene.members.login({ email: ADA.email, password }))
    await expectRefused(scene, error, 'invalid_password', [password])
    expect(calls(scene.server)).toEqual(['login'])
  })

  it('says no member has the e-mail (member_not_found)', async () => {
    const scene = await customScene()
    const password = 'whatever-it-is'
    const error = await rejection(scene.members.login({ email: 'nobody@example.com', password }))
    await expectRefused(scene, error, 'member_not_found', [password])
  })

  it('says the member must reset their password (password_reset_required)', async () => {
    const scene = await customScene()
    const error = await rejection(scene.members.login(EXPIRED))
    await expectRefused(scene, error, 'password_reset_required', [EXPIRED.password])
  })

  it('names the refused field of a malformed or empty e-mail (invalid_input), where @wix/sdk throws a TypeError', async () => {
    const scene = await customScene()
    for (const email of ['not-an-e-mail', '']) {
      const error = await rejection(scene.members.login({ email, password: ADA.password }))
      await expectRefused(scene, error, 'invalid_input', [ADA.password])
      expect((error as Error).message).toContain('loginId.email')
      expect((error as { body?: unknown }).body).toMatchObject({
        details: { validationError: { fieldViolations: [{ field: 'loginId.email' }] } },
      })
    }
  })

  it('asks for a captcha (captcha_required), refuses a wrong one (captcha_invalid), and passes the right one', async () => {
    const scene = await customScene({ captchaToken: 'solved-captcha' })
    const missing = await rejection(scene.members.login(UNAPPROVED))
    await expectRefused(scene, missing, 'captcha_required', [UNAPPROVED.password])
    const wrong = await rejection(scene.members.login({ ...UNAPPROVED, captchaToken: 'guessed' }))
    await expectRefused(scene, wrong, 'captcha_invalid', [UNAPPROVED.password, 'guessed'])
    const passed = await scene.members.login({ ...UNAPPROVED, captchaToken: 'solved-captcha' })
    expect(passed).toEqual({ status: 'owner_approval_required' })
  })

  it('refuses a step it does not handle (login_state_unsupported) instead of a generic failure', async () => {
    const scene = await customScene()
    scene.server.injectFault({
      endpoint: 'login',
      status: 200,
      body: { state: 'REQUIRE_MFA', stateToken: 'JWS.mfa-state-token' },
    })
    const error = await rejection(scene.members.login(ADA))
    await expectRefused(scene, error, 'login_state_unsupported', [
      ADA.password,
      'JWS.mfa-state-token',
    ])
    expect((error as Error).message).toContain('REQUIRE_MFA')
  })

  it('keeps a server error retryable and says which call failed', async () => {
    const scene = await customScene()
    scene.server.injectFault({ endpoint: 'login', status: 503 })
    const error = await rejection(scene.members.login(ADA))
    await expectRefused(scene, error, 'http', [ADA.password])
    expect((error as { retryable?: boolean }).retryable).toBe(true)
    expect((error as Error).message).toMatch(/^Logging in failed with HTTP 503/)
  })
})

describe('members Wix holds back', () => {
  it('answers owner_approval_required and keeps the visitor', async () => {
    const scene = await customScene()
    expect(await scene.members.login(UNAPPROVED)).toEqual({ status: 'owner_approval_required' })
    expect((await scene.session.getTokens()).sessionId).toBe(scene.before.sessionId)
  })

  it('answers email_verification_required; a wrong code may be retried, the right one moves on', async () => {
    const scene = await customScene()
    const outcome = await scene.members.login(BOTH)
    if (outcome.status !== 'email_verification_required') throw new Error(outcome.status)
    // What an app may log of the outcome holds no state token.
    expect(JSON.stringify(outcome)).toBe('{"status":"email_verification_required"}')
    const code = scene.server.verificationCode(BOTH.email) ?? ''
    const wrong = code === '000000' ? '111111' : '000000'
    await expectRefused(
      scene,
      await rejection(outcome.verify(wrong)),
      'verification_code_invalid',
      [wrong],
    )
    expect(await outcome.verify(code)).toEqual({ status: 'owner_approval_required' })
    // The verification is spent: the same step cannot be replayed.
    const replay = await rejection(outcome.verify(code))
    await expectRefused(scene, replay, 'verification_expired', [code])
    expect(calls(scene.server)).toEqual(['login', 'verify', 'verify', 'verify'])
  })
})

describe('registration', () => {
  it('says the e-mail is taken (email_exists)', async () => {
    const scene = await customScene()
    const error = await rejection(
      scene.members.register({ email: ADA.email, password: 'another-1' }),
    )
    await expectRefused(scene, error, 'email_exists', ['another-1'])
    expect(calls(scene.server)).toEqual(['register'])
  })

  it('names a password Wix refuses (invalid_input)', async () => {
    const scene = await customScene()
    const error = await rejection(
      scene.members.register({ email: 'short@example.com', password: 'abc' }),
    )
    await expectRefused(scene, error, 'invalid_input', [])
    expect((error as Error).message).toContain('password')
  })

  it('registers a member with a profile, who then waits for verification', async () => {
    const scene = await customScene({ newMembers: { requireEmailVerification: true } })
    const outcome = await scene.members.register({
      email: 'grace@example.com',
      password: 'compiler-1',
      profile: { nickname: 'Grace' },
    })
    expect(outcome.status).toBe('email_verification_required')
    expect(scene.server.memberId('grace@example.com')).not.toBeNull()
    expect(scene.server.verificationCode('grace@example.com')).toMatch(/^\d{6}$/)
  })
})

describe('password reset', () => {
  it("has Wix e-mail a reset link to the member, with the app's client ID", async () => {
    const scene = await customScene()
    await scene.members.sendPasswordReset(` ${EXPIRED.email} `, {
      redirectUrl: 'http://127.0.0.1:5173/reset',
    })
    expect(scene.server.emails).toEqual([
      expect.objectContaining({
        kind: 'password-reset',
        to: EXPIRED.email,
        redirectUrl: 'http://127.0.0.1:5173/reset',
        clientId: scene.session.clientId,
      }),
    ])
  })

  it('resolves the same for an e-mail no member has, so it tells nobody who is a member', async () => {
    const scene = await customScene()
    await scene.members.sendPasswordReset('nobody@example.com', { redirectUrl: CALLBACK })
    expect(scene.server.emails).toEqual([])
    expect(calls(scene.server)).toEqual(['recovery'])
  })

  it('refuses a redirectUrl that is not a web URL before asking Wix', async () => {
    const scene = await customScene()
    const error = await rejection(
      scene.members.sendPasswordReset(ADA.email, { redirectUrl: 'javascript:alert(1)' }),
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(scene.server.requests).toEqual([])
  })
})

describe('bad input and a missing page', () => {
  it('refuses credentials that are not strings, quoting none of them, before asking Wix', async () => {
    const scene = await customScene()
    const secret = { toString: () => 'hunter2' }
    const error = await rejection(
      scene.members.login({ email: ADA.email, password: secret as unknown as string }),
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toContain('`password`')
    expect(String(error)).not.toContain('hunter2')
    expect(scene.server.requests).toEqual([])
  })

  it('needs a page for custom and silent login, and says so before any request', async () => {
    const { server, session } = await memberScene({ members: MEMBERS })
    const { createMemberAuth } = await import('../../src/members/index')
    const members = createMemberAuth(session, {
      redirectUri: CALLBACK,
      pendingLogin: { get: () => undefined, set: () => undefined, delete: () => undefined },
    })
    await session.getTokens()
    server.clearRequests()
    await expect(members.login(ADA)).rejects.toThrow(/need a page/)
    await expect(members.silentLogin()).rejects.toThrow(/need a page/)
    expect(server.requests).toEqual([])
  })

  it('leaves no listener behind when the page will not take the login frame', async () => {
    const listeners = new Set<unknown>()
    const refusingPage: FrameHost = {
      document: {
        createElement: () => ({ style: {}, setAttribute: () => undefined }),
        body: {
          appendChild: () => {
            throw new Error('this page takes no frames')
          },
        },
        documentElement: null,
      } as unknown as FrameHost['document'],
      window: {
        addEventListener: (_type: string, listener: unknown) => listeners.add(listener),
        removeEventListener: (_type: string, listener: unknown) => listeners.delete(listener),
      } as FrameHost['window'],
    }
    const { session, members } = await memberScene(
      { members: MEMBERS, autoLogin: undefined },
      { ...refusingPage, loginTimeout: 60_000 },
    )
    const before = await session.getTokens()
    await expect(members.login(ADA)).rejects.toThrow('this page takes no frames')
    expect(listeners.size).toBe(0)
    expect((await session.getTokens()).sessionId).toBe(before.sessionId)
  })

  it('refuses a loginTimeout that is not a positive number', async () => {
    const { session } = await memberScene()
    const { createMemberAuth } = await import('../../src/members/index')
    for (const loginTimeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        createMemberAuth(session, {
          redirectUri: CALLBACK,
          pendingLogin: { get: () => undefined, set: () => undefined, delete: () => undefined },
          loginTimeout,
        }),
      ).toThrow(/loginTimeout/)
    }
  })
})
