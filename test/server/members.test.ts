/**
 * A member's login and logout through a server's route handlers, against the mock Wix
 * server over HTTP: the login route sends the browser to Wix with the pending login in an
 * HttpOnly cookie, the callback route exchanges the code on the server and writes the
 * member's session cookie, the logout route ends the member's session at Wix and leaves
 * one new visitor in the cookie. A "browser" here is a cookie jar the test keeps.
 */
import { describe, expect, it } from 'vitest'
import { createServerMemberAuth, createServerSessions } from '../../src/server/index'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { mockServer, whoami } from '../support/session-fixture'

const APP = 'http://127.0.0.1:3999'
const CALLBACK = `${APP}/auth/callback`
const ADA = { email: 'ada@example.com', password: 'analytical' }

/** What a browser keeps of the cookies it is sent, and sends back. */
function cookieJar() {
  const jar = new Map<string, string>()
  return {
    take(response: Response) {
      for (const header of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = header.split(';')
        const equals = pair.indexOf('=')
        const name = pair.slice(0, equals)
        if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) jar.delete(name)
        else jar.set(name, pair.slice(equals + 1))
      }
      return response
    },
    request(url: string) {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
      return new Request(url, { headers: cookie ? { cookie } : {} })
    },
    names: () => [...jar.keys()],
  }
}

async function scene(serverOptions = {}) {
  const server = await mockServer({
    members: [ADA],
    redirectUris: [CALLBACK],
    autoLogin: ADA.email,
    ...serverOptions,
  })
  const sessions = createServerSessions({ clientId: MOCK_CLIENT_ID, tokenUrl: server.tokenUrl })
  const members = createServerMemberAuth(sessions, { redirectUri: CALLBACK })
  return { server, sessions, members, browser: cookieJar() }
}

/** Where Wix's page sends the browser back (followed without a browser). */
async function followWix(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' })
  await response.arrayBuffer()
  return new URL(response.headers.get('location') ?? '', url).href
}

const grantsOf = (server: Awaited<ReturnType<typeof scene>>['server']) =>
  server.requests.flatMap((record) => (record.grantType ? [record.grantType] : []))

describe('a member login through server routes', () => {
  it('keeps the verifier in an HttpOnly cookie, exchanges the code on the server and writes the member', async () => {
    const { server, sessions, members, browser } = await scene()
    const login = browser.take(
      await members.login(browser.request(`${APP}/auth/login`), { returnTo: '/orders' }),
    )
    expect(login.status).toBe(303)
    const wixUrl = login.headers.get('location') ?? ''
    expect(wixUrl.startsWith(server.url)).toBe(true)
    const pendingCookie = login.headers
      .getSetCookie()
      .find((v) => v.startsWith('headless-session-login='))
    expect(pendingCookie).toMatch(/HttpOnly/)
    expect(pendingCookie).toMatch(/SameSite=Lax/)
    expect(browser.names()).toEqual(
      expect.arrayContaining(['headless-session', 'headless-session-login']),
    )

    const callback = await followWix(wixUrl)
    expect(callback.startsWith(`${CALLBACK}?`)).toBe(true)
    const done = browser.take(await members.completeLogin(browser.request(callback)))
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`${APP}/orders`)
    expect(browser.names()).not.toContain('headless-session-login')

    server.clearRequests()
    const session = await sessions.fromRequest(browser.request(`${APP}/orders`))
    expect(session.role).toBe('member')
    expect(session.source).toBe('cookie')
    expect((await whoami(server, session.accessToken)).body.role).toBe('member')
    expect(server.requests).toHaveLength(0)
  })

  it('refuses a forged callback, keeping the visitor and the login in progress', async () => {
    const { sessions, members, browser } = await scene()
    browser.take(await members.login(browser.request(`${APP}/auth/login`)))
    const visitor = await sessions.fromRequest(browser.request(APP))
    const forged = await members.completeLogin(
      browser.request(`${CALLBACK}?code=stolen&state=forged`),
    )
    expect(forged.headers.get('location')).toBe(`${APP}/?login_error=login_state_mismatch`)
    expect(forged.headers.getSetCookie()).toEqual([])
    const still = await sessions.fromRequest(browser.request(APP))
    expect(still.tokens.sessionId).toBe(visitor.tokens.sessionId)
    expect(still.role).toBe('visitor')
  })

  it('says the member cancelled, and clears the login in progress', async () => {
    const { members, browser } = await scene({ autoLogin: undefined })
    const login = browser.take(await members.login(browser.request(`${APP}/auth/login`)))
    const state = new URL(login.headers.get('location') ?? '').searchParams.get('session')
    expect(state).not.toBeNull()
    const page = await fetch(login.headers.get('location') ?? '')
    const cancel = /href="([^"]*cancel[^"]*)"/
      .exec(await page.text())?.[1]
      ?.replaceAll('&amp;', '&')
    const callback = await followWix(
      new URL(cancel ?? '', login.headers.get('location') ?? '').href,
    )
    const done = browser.take(await members.completeLogin(browser.request(callback)))
    expect(done.headers.get('location')).toBe(`${APP}/?login_error=login_cancelled`)
    expect(browser.names()).not.toContain('headless-session-login')
  })

  it('refuses a returnTo on another origin', async () => {
    const { members, browser } = await scene()
    const login = await members.login(browser.request(`${APP}/auth/login`), {
      returnTo: 'https://evil.example/',
    })
    expect(login.headers.get('location')).toBe(`${APP}/?login_error=invalid_return_to`)
  })
})

describe('a member logout through a server route', () => {
  it("ends the member's session at Wix and leaves one new visitor in the cookie", async () => {
    const { server, sessions, members, browser } = await scene()
    const login = browser.take(await members.login(browser.request(`${APP}/auth/login`)))
    const callback = await followWix(login.headers.get('location') ?? '')
    browser.take(await members.completeLogin(browser.request(callback)))
    const member = await sessions.fromRequest(browser.request(APP))
    expect(member.role).toBe('member')
    server.clearRequests()

    const out = browser.take(
      await members.logout(browser.request(`${APP}/auth/logout`), { postFlowUrl: `${APP}/` }),
    )
    expect(out.status).toBe(303)
    expect(await followWix(out.headers.get('location') ?? '')).toBe(`${APP}/`)
    expect((await whoami(server, member.accessToken)).status).toBe(401)
    const after = await sessions.fromRequest(browser.request(APP))
    expect(after.role).toBe('visitor')
    expect(after.source).toBe('cookie')
    expect(after.tokens.generation ?? 0).toBeGreaterThan(member.tokens.generation ?? 0)
    expect(grantsOf(server)).toEqual(['anonymous'])
  })

  it('still leaves a new visitor when Wix cannot make the logout URL, and says so', async () => {
    const { server, sessions, members, browser } = await scene()
    const login = browser.take(await members.login(browser.request(`${APP}/auth/login`)))
    browser.take(
      await members.completeLogin(
        browser.request(await followWix(login.headers.get('location') ?? '')),
      ),
    )
    server.injectFault({ endpoint: 'redirect-session', status: 503 })
    const out = browser.take(
      await members.logout(browser.request(`${APP}/auth/logout`), { postFlowUrl: `${APP}/` }),
    )
    expect(out.headers.get('location')).toBe(`${APP}/?logout_error=http`)
    expect((await sessions.fromRequest(browser.request(APP))).role).toBe('visitor')
  })
})
