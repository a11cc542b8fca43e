/**
 * The mock's member pages in real Chromium: the login form, its cancel link, the login
 * cookie behind `prompt: 'none'`, the official `@wix/sdk` doing a direct login through the
 * mock's `web_message` iframe, and that page never posting to an origin it must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import {
  ADA,
  authRequest,
  callApi,
  createSession,
  exchangeCode,
  type Pkce,
  pkce,
  visitorToken,
} from '../testing/member-client'
import type { ReceivedMessage } from './pages/message-listener'
import { type PageServer, startPageServer } from './support/page-server'
import { useBrowser } from './support/tabs'

const rig = useBrowser()
// A second origin (another port) that the mock is not told about.
let strangerPages: PageServer | undefined
beforeAll(async () => {
  strangerPages = await startPageServer()
})
afterAll(() => strangerPages?.close())

const callbackOf = () => `${rig.pages().url}/member-callback.html`

function memberScene() {
  return rig.scene({
    members: [ADA],
    redirectUris: [callbackOf()],
    allowedOrigins: [rig.pages().url],
  })
}

async function loginSessionUrl(
  server: MockWixServer,
  codes: Pkce,
  prompt: 'login' | 'none' = 'login',
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const body = {
    auth: { authRequest: authRequest(codes, { redirectUri: callbackOf(), ...overrides }), prompt },
  }
  const created = await createSession(server, await visitorToken(server), body)
  expect(created.status).toBe(200)
  return created.fullUrl
}

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams)

async function exchange(server: MockWixServer, code: string, codes: Pkce) {
  return exchangeCode(server, {
    clientId: MOCK_CLIENT_ID,
    grantType: 'authorization_code',
    redirectUri: callbackOf(),
    code,
    codeVerifier: codes.verifier,
  })
}

describe('the login form in Chromium', () => {
  it('logs a member in and lands on the redirect URI with a code that gives member tokens', async () => {
    const { server, context } = await memberScene()
    const codes = pkce()
    const page = await context.newPage()
    await page.goto(await loginSessionUrl(server, codes))
    await page.fill('input[name="email"]', ADA.email)
    await page.fill('input[name="password"]', 'wrong-password')
    await page.click('button[type="submit"]')
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('Wrong')
    expect(await page.inputValue('input[name="password"]')).toBe('')
    await page.fill('input[name="password"]', ADA.password)
    await Promise.all([page.waitForURL(`${callbackOf()}?**`), page.click('button[type="submit"]')])

    const answer = queryOf(page.url())
    expect(answer).toEqual({ code: expect.any(String), state: codes.state })
    const tokens = await exchange(server, answer.code ?? '', codes)
    expect(tokens.status).toBe(200)
    const who = await fetch(server.protectedUrl, {
      headers: { authorization: tokens.body.access_token as string },
    })
    expect(await who.json()).toMatchObject({
      role: 'member',
      visitorId: server.memberId(ADA.email),
    })
  })

  it('answers access_denied with the state when the member cancels', async () => {
    const { server, context } = await memberScene()
    const codes = pkce()
    const page = await context.newPage()
    await page.goto(await loginSessionUrl(server, codes))
    await Promise.all([
      page.waitForURL(`${callbackOf()}?**`),
      page.getByTestId('login-cancel').click(),
    ])
    expect(queryOf(page.url())).toEqual({
      error: 'access_denied',
      error_description: expect.any(String),
      state: codes.state,
    })
  })

  it('answers prompt none with login_required, then with a code once the browser has logged in', async () => {
    const { server, context } = await memberScene()
    const page = await context.newPage()
    const before = pkce()
    await page.goto(await loginSessionUrl(server, before, 'none'))
    await page.waitForURL(`${callbackOf()}?**`)
    expect(queryOf(page.url())).toMatchObject({ error: 'login_required', state: before.state })

    await page.goto(await loginSessionUrl(server, pkce()))
    await page.fill('input[name="email"]', ADA.email)
    await page.fill('input[name="password"]', ADA.password)
    await Promise.all([page.waitForURL(`${callbackOf()}?**`), page.click('button[type="submit"]')])
    const cookies = await context.cookies(server.url)
    expect(cookies.map((cookie) => [cookie.httpOnly, cookie.sameSite])).toEqual([[true, 'Lax']])

    const after = pkce()
    await page.goto(await loginSessionUrl(server, after, 'none'))
    await page.waitForURL(`${callbackOf()}?**`)
    const answer = queryOf(page.url())
    expect(answer).toEqual({ code: expect.any(String), state: after.state })
    expect((await exchange(server, answer.code ?? '', after)).status).toBe(200)
  })
})

describe('@wix/sdk in Chromium', () => {
  it('logs in with login() and gets member tokens through the web_message iframe', async () => {
    const { server, context } = await memberScene()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    const query = new URLSearchParams({ mock: server.url, clientId: MOCK_CLIENT_ID })
    await page.goto(`${rig.pages().url}/wix-sdk-member.html?${query}`)
    await page.waitForFunction(() => window.wixSdkPage !== undefined)
    const outcome = await page.evaluate(
      ({ email, password }) => window.wixSdkPage.directLogin(email, password),
      ADA,
    )
    expect(outcome).toEqual({
      loginState: 'SUCCESS',
      role: 'member',
      whoami: expect.objectContaining({ role: 'member', visitorId: server.memberId(ADA.email) }),
      frames: 0,
    })
    expect(server.requests.map((r) => r.endpoint ?? r.grantType)).toEqual([
      'anonymous',
      'login',
      'redirect-session',
      'login-page',
      'authorization_code',
    ])
    expect(errors).toEqual([])
  })
})

describe('the web_message page', () => {
  /** A web_message login URL that answers at once with a code (a fresh session token). */
  async function silentLoginUrl(server: MockWixServer, codes: Pkce): Promise<string> {
    const token = await visitorToken(server)
    const login = await callApi(
      server,
      '/_api/iam/authentication/v2/login',
      { loginId: { email: ADA.email }, password: ADA.password },
      token,
    )
    const overrides = {
      responseMode: 'web_message',
      redirectUri: undefined,
      sessionToken: login.body.sessionToken,
    }
    const body = { auth: { authRequest: authRequest(codes, overrides), prompt: 'none' } }
    return (await createSession(server, token, body)).fullUrl
  }

  async function messagesOn(origin: string, frameUrl: string): Promise<ReceivedMessage[]> {
    const { context } = await rig.scene()
    const page = await context.newPage()
    await page.goto(`${origin}/message-listener.html`)
    await page.waitForFunction(() => window.messageListener !== undefined)
    await page.evaluate((src) => window.messageListener.openFrame(src), frameUrl)
    // The frame posts while it loads; give the messages time to be delivered.
    await page.waitForTimeout(750)
    return page.evaluate(() => window.messageListener.messages())
  }

  it('posts { code, state } to a parent on an allowed origin, and nothing to any other', async () => {
    const { server } = await memberScene()
    const allowed = pkce()
    const received = await messagesOn(rig.pages().url, await silentLoginUrl(server, allowed))
    expect(received).toEqual([
      { origin: server.url, data: { code: expect.any(String), state: allowed.state } },
    ])

    const stranger = pkce()
    const strangerOrigin = strangerPages?.url ?? ''
    expect(new URL(strangerOrigin).origin).not.toBe(new URL(rig.pages().url).origin)
    expect(await messagesOn(strangerOrigin, await silentLoginUrl(server, stranger))).toEqual([])
    // The page did run and log the member in: only the message was withheld.
    const pages = server.requests.filter((r) => r.endpoint === 'login-page')
    expect(pages.map((r) => r.result)).toEqual(['code', 'code'])
  })
})
