/**
 * The hand-off between a server and a browser session sharing one cookie, in Node: the
 * server's `Set-Cookie` values land in a browser-like cookie jar that a running session
 * over `createCookieStore()` watches (by polling, as in a browser without cookie change
 * events). Whatever the server writes (a refresh, a login, a logout, an ended member)
 * reaches the running session without a token request of its own, and a refresh the
 * session makes is what the server uses next. Real Chromium: test/browser/server-hand-off.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createCookieStore, type Session } from '../../src/index'
import { createServerSessions } from '../../src/server/index'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import { createTestCookieJar } from '../support/cookie-jar'
import { grants, mockServer, sessionFor } from '../support/session-fixture'

const HOUR = 60 * 60 * 1000

async function handOffStage() {
  const server = await mockServer()
  let skew = 0
  const sessions = createServerSessions({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    now: () => Date.now() + skew,
  })
  const jar = createTestCookieJar()
  /** One request from the browser to the site: its cookies go up, the Set-Cookie comes back. */
  const visit = async () => {
    const session = await sessions.fromRequest(
      new Request('http://127.0.0.1/', { headers: { cookie: jar.cookie } }),
    )
    for (const header of session.setCookie) jar.cookie = header
    return session
  }
  const events: SessionEmitted[] = []
  const page = (): Session => {
    const session = sessionFor(server, {
      storage: createCookieStore({ document: jar, watchInterval: 20 }),
    })
    session.on('*', (event) => events.push(event))
    return session.start()
  }
  return {
    server,
    sessions,
    jar,
    visit,
    page,
    events,
    /** The server's clock runs this far ahead (its tokens look older to it). */
    skewServer: (ms: number) => {
      skew = ms
    },
  }
}

function until<T>(check: () => T | undefined, what: string, timeout = 3_000): Promise<T> {
  const deadline = Date.now() + timeout
  return new Promise((resolve, reject) => {
    const poll = () => {
      const found = check()
      if (found !== undefined) return resolve(found)
      if (Date.now() > deadline) return reject(new Error(`never saw ${what}`))
      setTimeout(poll, 10)
    }
    poll()
  })
}

const refreshes = (server: MockWixServer) =>
  grants(server).filter((grant) => grant === 'refresh_token')

describe('one visitor, server and page', () => {
  it('the page adopts the visitor the server minted, with no token request', async () => {
    const { server, visit, page, events } = await handOffStage()
    const served = await visit()
    const session = page()
    expect(await session.getAccessToken()).toBe(served.accessToken)
    expect(grants(server)).toEqual(['anonymous'])
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'restored' }),
    )
  })

  it("the server's refresh reaches the running page, which then makes none of its own", async () => {
    const { server, visit, page, events, skewServer } = await handOffStage()
    const served = await visit()
    const session = page()
    await session.getAccessToken()
    skewServer(4 * HOUR) // the cookie is expired by the server's clock
    const refreshed = await visit()
    expect(refreshed.source).toBe('refreshed')
    await until(
      () => events.find((event) => event.type === 'tokensChanged' && event.reason === 'adopted'),
      'the page adopt the refresh',
    )
    expect(await session.getAccessToken()).toBe(refreshed.accessToken)
    expect((await session.getTokens()).sessionId).toBe(served.tokens.sessionId)
    expect(refreshes(server)).toHaveLength(1)
  })

  it("the page's refresh is what the next server request uses, with no request", async () => {
    const { server, visit, page } = await handOffStage()
    await visit()
    const session = page()
    await session.getAccessToken()
    const token = await session.refresh()
    const next = await visit()
    expect(next).toMatchObject({ source: 'cookie', accessToken: token, setCookie: [] })
    expect(refreshes(server)).toHaveLength(1)
  })

  it('a logout on the server (clearCookie) signs the page out, and it goes on with one new visitor', async () => {
    const { server, sessions, jar, visit, page, events } = await handOffStage()
    const served = await visit()
    const session = page()
    await session.getAccessToken()
    for (const header of sessions.clearCookie()) jar.cookie = header
    await until(
      () => events.find((event) => event.type === 'signedOut' && event.origin === 'other-tab'),
      'the page sign out',
    )
    await until(() => {
      const held = session.peekTokens()
      return held && held.sessionId !== served.tokens.sessionId ? held : undefined
    }, 'a new visitor')
    expect((await visit()).source).toBe('cookie')
    expect(grants(server)).toEqual(['anonymous', 'anonymous'])
  })

  it("a member's login written by the server is adopted, and its ending reaches the page as memberSessionEnded", async () => {
    const { server, sessions, jar, visit, page, events } = await handOffStage()
    await visit()
    const session = page()
    await session.getAccessToken()
    const issued = server.createMemberTokens()
    const request = new Request('http://127.0.0.1/callback', { headers: { cookie: jar.cookie } })
    const login = sessions.cookieFor(
      {
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        expiresAt: Date.now() + HOUR,
        role: 'member',
      },
      { request },
    )
    for (const header of login) jar.cookie = header
    await until(
      () => (session.peekTokens()?.role === 'member' ? true : undefined),
      'the member adopted',
    )
    const member = await session.getTokens()
    for (const header of sessions.endedCookieFor(member)) jar.cookie = header
    await until(
      () => events.find((event) => event.type === 'memberSessionEnded'),
      'the member ended',
    )
    expect(session.state).toBe('failed')
    expect(session.snapshot.error?.code).toBe('member_session_ended')
    expect(grants(server)).toEqual(['anonymous'])
  })
})
