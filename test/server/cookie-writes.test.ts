/**
 * Cookies a server writes: with the attributes asked for (Secure on https, HttpOnly when
 * configured); tokens the app obtained (a member's, from a login callback) round-trip
 * through `fromRequest()` with no token request; a member's session can be marked ended;
 * the cookie can be cleared; and the request's `Cookie` header can be forwarded as the
 * browser will send it next.
 */
import { describe, expect, it } from 'vitest'
import { LOGIN_STEPS, SESSION_STEP } from '../../machines/token-order'
import { isSessionError } from '../../src/errors'
import { isServerSessionError, requestCookieHeader } from '../../src/server/index'
import { cookieOf, grants, HOUR, memberTokens, requestWith, serverStage } from './support'

describe('cookieFor()', () => {
  it("a member's tokens from a login callback round-trip through fromRequest with no token request", async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const issued = server.createMemberTokens()
    const setCookie = sessions.cookieFor(
      {
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        expiresAt: clock.now() + issued.expires_in * 1000,
        role: 'member',
      },
      { request: request() },
    )
    store(setCookie)
    const session = await sessions.fromRequest(request())
    expect(session).toMatchObject({
      source: 'cookie',
      role: 'member',
      accessToken: issued.access_token,
    })
    expect(server.requests).toEqual([])
  })

  it('outranks the session the request carried, so every open tab adopts the new one', async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const visitor = await sessions.fromRequest(request())
    store(visitor.setCookie)
    const member = memberTokens(server, clock.now())
    store(sessions.cookieFor({ ...member, generation: 0 }, { request: request() }))
    const session = await sessions.fromRequest(request())
    expect(session.tokens.sessionId).toBe(member.sessionId)
    expect(session.tokens.generation).toBe(
      (visitor.tokens.generation ?? 0) + LOGIN_STEPS * SESSION_STEP,
    )
    // A TokenSet that already carries a later generation keeps it.
    store(
      sessions.cookieFor({ ...member, generation: 5000 * SESSION_STEP }, { request: request() }),
    )
    expect((await sessions.fromRequest(request())).tokens.generation).toBe(5000 * SESSION_STEP)
  })

  it('without the request, deletes every other form the cookie could have (all chunks)', async () => {
    const { sessions, clock } = await serverStage()
    const setCookie = sessions.cookieFor({
      accessToken: 'OauthNG.JWS.a',
      refreshToken: 'JWS.r',
      expiresAt: clock.now() + HOUR,
    })
    expect(setCookie[0]).toMatch(/^headless-session=b64u\./)
    expect(setCookie.slice(1)).toEqual(
      Array.from(
        { length: 16 },
        (_, index) => `headless-session.${index}=; Path=/; Max-Age=0; SameSite=Lax`,
      ),
    )
  })

  it('refuses tokens that are not a usable token set, quoting none of them', async () => {
    const { sessions, clock } = await serverStage()
    const attempts = [
      { accessToken: 'OauthNG.JWS.secret-access', refreshToken: '', expiresAt: clock.now() + HOUR },
      {
        accessToken: 'OauthNG.JWS.secret-access',
        refreshToken: 'JWS.secret-refresh',
        expiresAt: Number.NaN,
      },
      {
        accessToken: 'OauthNG.JWS.secret-access',
        refreshToken: 'JWS.secret-refresh',
        expiresAt: clock.now() + HOUR,
        role: 'admin',
      },
    ]
    for (const tokens of attempts) {
      let thrown: unknown
      try {
        sessions.cookieFor(tokens as never)
      } catch (error) {
        thrown = error
      }
      expect(isSessionError(thrown, 'invalid_tokens')).toBe(true)
      expect((thrown as Error).message).toMatch(/^cookieFor\(\): expected/)
      expect((thrown as Error).message).not.toContain('secret')
    }
  })

  it('writes HttpOnly when configured, for apps whose browser never holds the tokens', async () => {
    const { sessions, clock } = await serverStage({ cookie: { httpOnly: true } })
    const [cookie] = sessions.cookieFor(
      { accessToken: 'OauthNG.JWS.a', refreshToken: 'JWS.r', expiresAt: clock.now() + HOUR },
      { request: requestWith('') },
    )
    expect(cookie).toMatch(/; SameSite=Lax; HttpOnly$/)
    const minted = await sessions.fromRequest(requestWith(''))
    expect(minted.setCookie[0]).toMatch(/; HttpOnly$/)
  })
})

describe('endedCookieFor() and clearCookie()', () => {
  it("marks a member's session ended: the next request gets member_session_ended with no token request", async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const member = memberTokens(server, clock.now())
    store(sessions.cookieFor(member, { request: request() }))
    const held = (await sessions.fromRequest(request())).tokens
    store(sessions.endedCookieFor(held, { request: request() }))
    await expect(sessions.fromRequest(request())).rejects.toSatisfy((error) =>
      isServerSessionError(error, 'member_session_ended'),
    )
    expect(grants(server)).toEqual([])
    expect(() => sessions.endedCookieFor({ ...held, role: 'visitor' })).toThrow(/role 'member'/)
  })

  it('clears every form of the cookie the request carries: the next request is a new visitor', async () => {
    const { server, sessions, request, store, browser, clock } = await serverStage()
    const chunked = cookieOf({
      sessionId: 'big',
      accessToken: `OauthNG.JWS.${'a'.repeat(6_000)}`,
      refreshToken: 'JWS.big',
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      role: 'visitor',
    })
    for (const pair of chunked.split('; ')) browser.cookie = `${pair}; Path=/`
    browser.cookie = 'theme=dark; Path=/'
    const cleared = sessions.clearCookie({ request: request() })
    expect(cleared).toHaveLength(3)
    store(cleared)
    expect([...browser.cookies.keys()]).toEqual(['theme'])
    expect((await sessions.fromRequest(request())).source).toBe('minted')
    expect(grants(server)).toEqual(['anonymous'])
  })
})

describe('requestCookieHeader()', () => {
  it('applies Set-Cookie values to a Cookie header as the browser will: set, replaced, deleted, others untouched', () => {
    const header = 'a=1; headless-session.0=x; theme=dark%20blue; headless-session.1=y'
    const setCookie = [
      'headless-session=b64u.new; Path=/; Max-Age=2592000; SameSite=Lax',
      'headless-session.0=; Path=/; Max-Age=0; SameSite=Lax',
      'headless-session.1=; Path=/; Max-Age=0; SameSite=Lax',
      'a=2; Path=/',
    ]
    expect(requestCookieHeader(header, setCookie)).toBe(
      'theme=dark%20blue; headless-session=b64u.new; a=2',
    )
    expect(requestCookieHeader(requestWith(header), [])).toBe(header)
    expect(requestCookieHeader(null, setCookie)).toBe('headless-session=b64u.new; a=2')
  })
})

describe('cookie attributes', () => {
  it('are Secure when the request came over https, and as configured otherwise', async () => {
    const { sessions } = await serverStage()
    const overHttps = await sessions.fromRequest(requestWith('', 'https://shop.example.com/'))
    expect(overHttps.setCookie[0]).toMatch(/; SameSite=Lax; Secure$/)
    const overHttp = await sessions.fromRequest(requestWith('', 'http://127.0.0.1/'))
    expect(overHttp.setCookie[0]).not.toMatch(/Secure/)

    const stage = await serverStage({
      cookie: {
        name: 'shop',
        maxAge: 3_600,
        sameSite: 'strict',
        domain: 'example.com',
        path: '/store',
        secure: true,
        httpOnly: true,
      },
    })
    const configured = await stage.sessions.fromRequest(requestWith('', 'http://127.0.0.1/'))
    expect(configured.setCookie).toEqual([
      expect.stringMatching(
        /^shop=b64u\.[\w-]+; Path=\/store; Domain=example\.com; Max-Age=3600; SameSite=Strict; Secure; HttpOnly$/,
      ),
    ])
  })

  it('forwards the new cookie in the request Cookie header, keeping other cookies byte for byte', async () => {
    const { sessions } = await serverStage()
    const session = await sessions.fromRequest(
      requestWith('theme=dark%20blue; headless-session=junk; lang=en'),
    )
    const value = session.setCookie[0]?.split(';')[0]
    expect(session.cookieHeader).toBe(`theme=dark%20blue; lang=en; ${value}`)
  })
})
