import { describe, expect, it } from 'vitest'
import { startMockWixServer } from '../../src/testing'
import { ADA, CALLBACK, cookieOf, loginUrl, pkce, submitLogin, visit } from './member-client'
import { useSharedMockServer } from './shared-server'

const APP_ORIGIN = 'http://127.0.0.1:5173'
const OTHER_ORIGIN = 'http://localhost:4000'
const PENDING = {
  email: 'pending@example.com',
  password: 'pending-1',
  requireEmailVerification: true,
}
const server = useSharedMockServer({
  members: [ADA, PENDING],
  redirectUris: [CALLBACK],
  allowedOrigins: [OTHER_ORIGIN],
})

describe('the login form', () => {
  it('shows an e-mail and password form with a cancel link', async () => {
    const page = await visit(await loginUrl(server(), pkce()))
    expect(page.status).toBe(200)
    expect(page.html).toMatch(/<form method="post"/)
    expect(page.html).toMatch(/<input type="email" name="email"/)
    expect(page.html).toMatch(/<input type="password" name="password"/)
    expect(page.html).toMatch(/href="\/__wix\/login\/cancel\?session=/)
    expect(server().requests.at(-1)).toMatchObject({
      endpoint: 'login-page',
      method: 'GET',
      outcome: 'issued',
      result: 'form',
    })
  })

  it('sends the browser to the redirect URI with code and state in the query', async () => {
    const codes = pkce()
    const page = await submitLogin(await loginUrl(server(), codes), ADA.email, ADA.password)
    expect(page.status).toBe(303)
    expect(page.location?.startsWith(`${CALLBACK}?`)).toBe(true)
    expect(page.params).toEqual({ code: expect.any(String), state: codes.state })
    expect(page.setCookie).toMatch(/HttpOnly; SameSite=Lax/)
    expect(server().requests.at(-1)).toMatchObject({
      method: 'POST',
      email: ADA.email,
      memberId: server().memberId(ADA.email),
      result: 'code',
    })
  })

  it('puts code and state in the fragment for responseMode fragment', async () => {
    const codes = pkce()
    const url = await loginUrl(server(), codes, { responseMode: 'fragment' })
    const page = await submitLogin(url, ADA.email.toUpperCase(), ADA.password)
    const location = new URL(page.location ?? '')
    expect(location.search).toBe('')
    expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toEqual({
      code: expect.any(String),
      state: codes.state,
    })
  })

  it('shows the form again on wrong credentials, with the e-mail but never the password', async () => {
    const url = await loginUrl(server(), pkce())
    const secret = 'not-the-password-123'
    for (const email of [ADA.email, 'nobody@example.com']) {
      const page = await submitLogin(url, email, secret)
      expect(page.status).toBe(200)
      expect(page.location).toBeNull()
      expect(page.html).toContain('Wrong e-mail or password')
      expect(page.html).toContain(`value="${email}"`)
      expect(page.html).not.toContain(secret)
    }
    expect(server().requests.at(-1)).toMatchObject({
      outcome: 'rejected',
      result: 'invalid_credentials',
    })
    // The session is still usable after failed attempts.
    expect((await submitLogin(url, ADA.email, ADA.password)).params.code).toEqual(
      expect.any(String),
    )
  })

  it('escapes what it shows again', async () => {
    const url = await loginUrl(server(), pkce())
    const page = await submitLogin(url, '"><script>alert(1)</script>', 'x')
    expect(page.html).not.toContain('<script>alert(1)')
    expect(page.html).toContain('&quot;&gt;&lt;script&gt;')
  })

  it('tells a member who must verify their e-mail first, and issues no code', async () => {
    const page = await submitLogin(
      await loginUrl(server(), pkce()),
      PENDING.email,
      PENDING.password,
    )
    expect(page.status).toBe(200)
    expect(page.html).toContain('Verify your e-mail')
    expect(server().requests.at(-1)).toMatchObject({ result: 'REQUIRE_EMAIL_VERIFICATION' })
  })

  it('answers access_denied with a description and the state when cancelled', async () => {
    const codes = pkce()
    const url = new URL(await loginUrl(server(), codes))
    const page = await visit(`${url.origin}/__wix/login/cancel${url.search}`)
    expect(page.status).toBe(302)
    expect(page.params).toEqual({
      error: 'access_denied',
      error_description: expect.any(String),
      state: codes.state,
    })
    expect(server().requests.at(-1)).toMatchObject({ outcome: 'rejected', result: 'access_denied' })
  })

  it('answers 404 for an unknown session', async () => {
    expect((await visit(`${server().url}/__wix/login?session=nope`)).status).toBe(404)
    expect((await visit(`${server().url}/__wix/login`)).status).toBe(404)
  })
})

describe('a login session is single-use and expires', () => {
  it('answers invalid_request when a finished session is used again', async () => {
    const codes = pkce()
    const url = await loginUrl(server(), codes)
    expect((await submitLogin(url, ADA.email, ADA.password)).params.code).toBeDefined()
    for (const again of [await visit(url), await submitLogin(url, ADA.email, ADA.password)]) {
      expect(again.params).toMatchObject({ error: 'invalid_request', state: codes.state })
      expect(again.params.code).toBeUndefined()
    }
  })

  it('answers invalid_request once the session has expired', async () => {
    let now = Date.now()
    const local = await startMockWixServer({
      now: () => now,
      members: [ADA],
      redirectUris: [CALLBACK],
      redirectSessionLifetime: 30,
    })
    try {
      const url = await loginUrl(local, pkce())
      now += 31_000
      const page = await submitLogin(url, ADA.email, ADA.password)
      expect(page.params).toMatchObject({ error: 'invalid_request' })
      expect(page.params.error_description).toMatch(/expired/)
    } finally {
      await local.close()
    }
  })
})

describe('prompt none', () => {
  it('answers login_required when no member is logged in on the mock', async () => {
    const codes = pkce()
    const page = await visit(await loginUrl(server(), codes, {}, 'none'))
    expect(page.status).toBe(302)
    expect(page.params).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: codes.state,
    })
  })

  it('answers a code for the member whose login cookie the browser sends', async () => {
    const login = await submitLogin(await loginUrl(server(), pkce()), ADA.email, ADA.password)
    const cookie = cookieOf(login.setCookie)
    expect(cookie).toMatch(/^wix-mock-login-\d+=.+/)
    const codes = pkce()
    const silent = await visit(await loginUrl(server(), codes, {}, 'none'), { headers: { cookie } })
    expect(silent.params).toEqual({ code: expect.any(String), state: codes.state })
    expect(server().requests.at(-1)).toMatchObject({ memberId: server().memberId(ADA.email) })
    const forged = await visit(await loginUrl(server(), pkce(), {}, 'none'), {
      headers: { cookie: `${cookie.split('=')[0]}=forged` },
    })
    expect(forged.params.error).toBe('login_required')
  })
})

describe('auto-login', () => {
  it('logs the member in at once and redirects back, set by option, method or control', async () => {
    const local = await startMockWixServer({
      members: [ADA, { email: 'bo@example.com', password: 'bo-pass-1' }],
      redirectUris: [CALLBACK],
      autoLogin: ADA.email,
    })
    try {
      const memberOf = async () => {
        const page = await visit(await loginUrl(local, pkce()))
        return page.status === 302 ? local.requests.at(-1)?.memberId : 'form'
      }
      expect(await memberOf()).toBe(local.memberId(ADA.email))
      local.setAutoLogin('bo@example.com')
      expect(await memberOf()).toBe(local.memberId('bo@example.com'))
      const control = (email: unknown) =>
        fetch(`${local.url}/__mock/auto-login`, { method: 'POST', body: JSON.stringify({ email }) })
      expect((await control(null)).status).toBe(200)
      expect(await memberOf()).toBe('form')
      expect((await control(ADA.email)).status).toBe(200)
      expect(await memberOf()).toBe(local.memberId(ADA.email))
      expect((await control('nobody@example.com')).status).toBe(400)
      expect(() => local.setAutoLogin('nobody@example.com')).toThrow(TypeError)
    } finally {
      await local.close()
    }
  })

  it('refuses an auto-login e-mail that is no member at start', async () => {
    await expect(startMockWixServer({ autoLogin: 'nobody@example.com' })).rejects.toThrow(
      /no member/,
    )
  })
})

describe('responseMode web_message', () => {
  it('posts { code, state } to the parent once per allowed origin, and to no other', async () => {
    const codes = pkce()
    const login = await submitLogin(await loginUrl(server(), pkce()), ADA.email, ADA.password)
    const url = await loginUrl(
      server(),
      codes,
      { responseMode: 'web_message', redirectUri: undefined },
      'none',
    )
    const page = await visit(url, { headers: { cookie: cookieOf(login.setCookie) } })
    expect(page.status).toBe(200)
    const script = /<script>([\s\S]*)<\/script>/.exec(page.html)?.[1] ?? ''
    const posted: [unknown, string][] = []
    new Function('window', script)({
      parent: { postMessage: (m: unknown, o: string) => posted.push([m, o]) },
    })
    expect(posted).toEqual([
      [{ code: expect.any(String), state: codes.state }, APP_ORIGIN],
      [{ code: expect.any(String), state: codes.state }, OTHER_ORIGIN],
    ])
  })

  it('posts { error, error_description, state } when it cannot log anyone in', async () => {
    const codes = pkce()
    const url = await loginUrl(
      server(),
      codes,
      { responseMode: 'web_message', redirectUri: undefined },
      'none',
    )
    const page = await visit(url)
    expect(page.html).toContain('"error":"login_required"')
    expect(page.html).toContain(`"state":"${codes.state}"`)
  })
})

describe('idp', () => {
  it('is accepted and otherwise behaves like a normal login', async () => {
    const idp = '0e6a50f5-b523-4e29-990d-f37fa2ffdd69'
    const page = await visit(await loginUrl(server(), pkce(), { idp }))
    expect(page.status).toBe(200)
    expect(page.html).toContain('<form')
  })
})

it('answers a method a page does not take with 405 and an Allow header', async () => {
  const logout = await fetch(`${server().url}/__wix/logout`, { method: 'POST' })
  expect(logout.status).toBe(405)
  expect(logout.headers.get('allow')).toBe('GET, OPTIONS')
  const cancel = await fetch(`${server().url}/__wix/login/cancel`, { method: 'POST' })
  expect(cancel.status).toBe(405)
})
