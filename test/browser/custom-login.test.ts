/**
 * Custom login in real Chromium: the app's own form in one of three tabs of one browser,
 * against the mock Wix server. A password becomes the member's session in every tab with
 * one code exchange; each way Wix refuses a form is its own error and keeps the visitor;
 * and nothing the page could show, log or inspect holds a password, code or token.
 * The mock's request log gives what one login costs.
 */
import { describe, expect, it } from 'vitest'
import {
  ADA,
  calls,
  consoleOf,
  customScene,
  EXPIRED,
  expectNothingLeft,
  roleEverywhere,
  UNAPPROVED,
  UNVERIFIED,
  whoami,
} from './support/custom-login-rig'
import { type Tab, useBrowser } from './support/tabs'

const rig = useBrowser()

async function login(tab: Tab, member: { email: string; password: string }, captcha?: string) {
  return tab.page.evaluate(
    ([email, password, captchaToken]) => window.customLogin.login(email, password, captchaToken),
    [member.email, member.password, captcha] as const,
  )
}

describe('a custom login in one of three tabs', () => {
  it('makes every tab the member with one code exchange, and costs four requests', async () => {
    const scene = await customScene(rig)
    const tabs = [await scene.open(), await scene.open(), await scene.open()]
    const [first] = tabs as [Tab, Tab, Tab]
    const visitor = await roleEverywhere(tabs, 'visitor')
    scene.server.clearRequests()

    const started = Date.now()
    expect(await login(first, ADA)).toEqual({
      ok: true,
      value: { status: 'signed_in', json: '{"status":"signed_in"}' },
    })
    const elapsed = Date.now() - started
    const member = await roleEverywhere(tabs, 'member')
    expect(member).not.toBe(visitor)
    for (const tab of tabs) {
      expect(await whoami(tab)).toMatchObject({
        visitorId: scene.server.memberId(ADA.email),
        role: 'member',
      })
    }
    const requests = calls(scene.server)
    console.log(
      `custom login, 3 tabs: ${requests.join(', ')} (${requests.length} requests, ${elapsed} ms in the page)`,
    )
    expect(requests).toEqual([
      'login',
      'redirect-session',
      'login-page',
      'token:authorization_code',
    ])
    await expectNothingLeft(first)
    for (const tab of tabs) expect(tab.errors).toEqual([])
  })

  it('verifies an e-mail with the code Wix sent, after a wrong one, then signs the member in', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()

    const first = await login(tab, UNVERIFIED)
    expect(first).toMatchObject({ ok: true, value: { status: 'email_verification_required' } })
    expect(await tab.page.evaluate(() => window.customLogin.verify('999999x'))).toMatchObject({
      ok: false,
      code: 'verification_code_invalid',
    })
    await roleEverywhere([tab], 'visitor')
    const code = scene.server.verificationCode(UNVERIFIED.email) ?? ''
    expect(await tab.page.evaluate((sent) => window.customLogin.verify(sent), code)).toMatchObject({
      ok: true,
      value: { status: 'signed_in' },
    })
    await roleEverywhere([tab], 'member')
    expect((await whoami(tab)).visitorId).toBe(scene.server.memberId(UNVERIFIED.email))
    const requests = calls(scene.server)
    console.log(`custom login with e-mail verification: ${requests.join(', ')}`)
    expect(requests).toEqual([
      'login',
      'verify',
      'verify',
      'redirect-session',
      'login-page',
      'token:authorization_code',
    ])
    await expectNothingLeft(tab)
  })

  it('registers a new member and signs them in', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    const outcome = await tab.page.evaluate(() =>
      window.customLogin.register('grace@example.com', 'compiler-1', 'Grace'),
    )
    expect(outcome).toMatchObject({ ok: true, value: { status: 'signed_in' } })
    await roleEverywhere([tab], 'member')
    expect((await whoami(tab)).visitorId).toBe(scene.server.memberId('grace@example.com'))
  })

  it('leaves the visitor in place for a member the owner has not approved', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    const visitor = await roleEverywhere([tab], 'visitor')
    expect(await login(tab, UNAPPROVED)).toMatchObject({
      ok: true,
      value: { status: 'owner_approval_required' },
    })
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
    await expectNothingLeft(tab)
  })
})

describe('a form Wix refuses, in the page', () => {
  it('gives each failure its own code and keeps the visitor in every tab', async () => {
    const scene = await customScene(rig, { captchaToken: 'solved-captcha' })
    const tabs = [await scene.open(), await scene.open()]
    const [tab] = tabs as [Tab, Tab]
    const visitor = await roleEverywhere(tabs, 'visitor')
    const attempts: [string, () => Promise<{ ok: boolean; code?: string }>][] = [
      [
        'invalid_password',
        () => login(tab, { ...ADA, password: 'wrong-password' }, 'solved-captcha'),
      ],
      [
        'member_not_found',
        () => login(tab, { ...ADA, email: 'nobody@example.com' }, 'solved-captcha'),
      ],
      ['password_reset_required', () => login(tab, EXPIRED, 'solved-captcha')],
      ['captcha_required', () => login(tab, ADA)],
      ['captcha_invalid', () => login(tab, ADA, 'guessed-captcha')],
      ['invalid_input', () => login(tab, { ...ADA, email: 'not-an-e-mail' }, 'solved-captcha')],
      [
        'email_exists',
        () =>
          tab.page.evaluate(
            ([email, password]) =>
              window.customLogin.register(email, password, undefined, 'solved-captcha'),
            [ADA.email, 'another-password'] as const,
          ),
      ],
    ]
    for (const [code, attempt] of attempts) {
      expect(await attempt(), code).toMatchObject({ ok: false, code })
      expect(await roleEverywhere(tabs, 'visitor')).toBe(visitor)
    }
    // None of them got as far as a login frame or a token request.
    expect(calls(scene.server).filter((name) => !['login', 'register'].includes(name))).toEqual([
      'token:anonymous',
    ])
    await expectNothingLeft(tab)
    for (const page of tabs) expect(page.errors).toEqual([])
  })
})

describe('secrets', () => {
  it('appear in no error, console line, session event or inspection event', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    const console = consoleOf(tab.page)
    await roleEverywhere([tab], 'visitor')
    const said: string[] = []
    const collect = (outcome: { ok: boolean; said?: string }) => {
      if (!outcome.ok) said.push(outcome.said ?? '')
      return outcome
    }
    collect(await login(tab, { ...ADA, password: 'wrong-password' }))
    collect(await login(tab, { ...ADA, email: 'bad e-mail' }))
    collect(await login(tab, UNVERIFIED))
    collect(await tab.page.evaluate(() => window.customLogin.verify('00000000')))
    collect(await login(tab, ADA))
    await roleEverywhere([tab], 'member')
    collect(await tab.page.evaluate(() => window.customLogin.silentLogin()))
    expect(said.length).toBeGreaterThanOrEqual(3)

    const secrets = await scene.wire.secrets()
    // What was searched for: the passwords, the session token, the code, the verifier, tokens.
    expect(secrets).toEqual(
      expect.arrayContaining([ADA.password, 'wrong-password', UNVERIFIED.password]),
    )
    expect(secrets.length).toBeGreaterThanOrEqual(9)
    const { events, inspected } = await tab.page.evaluate(() => window.customLogin.recorded())
    expect(inspected.length).toBeGreaterThan(0)
    expect(console.some((line) => line.includes('login failed'))).toBe(true)
    const everything = [...said, ...console, ...events, ...inspected].join('\n')
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([])
  })
})
