/**
 * Server sessions against the real mock Wix server over HTTP, with a clock the test moves
 * and a browser-like cookie jar that takes `Set-Cookie` values as a browser would.
 */
import type { TokenSet } from '../../machines/session.types'
import { createServerSessions, type ServerSessionsOptions } from '../../src/server/index'
import { encodeSessionCookies } from '../../src/storage/cookie-codec'
import { encodeRecord } from '../../src/storage/record'
import {
  MOCK_CLIENT_ID,
  type MockWixServer,
  type MockWixServerOptions,
} from '../../src/testing/index'
import { createTestCookieJar } from '../support/cookie-jar'
import { mockServer } from '../support/session-fixture'

export const HOUR = 60 * 60 * 1000

/** A clock that only moves when told. */
export function movableClock(start = Date.now()) {
  let time = start
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms
    },
  }
}

/** A mock server, server sessions on it with a movable clock, and a browser's cookies. */
export async function serverStage(
  options: Partial<ServerSessionsOptions> = {},
  serverOptions: MockWixServerOptions = {},
) {
  const server = await mockServer(serverOptions)
  const clock = movableClock()
  const sessions = createServerSessions({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    now: clock.now,
    ...options,
  })
  const browser = createTestCookieJar()
  return {
    server,
    clock,
    sessions,
    browser,
    /** A request to the site carrying the browser's cookies. */
    request: (url = 'http://127.0.0.1/shop') => requestWith(browser.cookie, url),
    /** The browser stores what a response set. */
    store: (setCookie: readonly string[]) => {
      for (const header of setCookie) browser.cookie = header
    },
  }
}

export function requestWith(cookie: string, url = 'http://127.0.0.1/shop'): Request {
  return new Request(url, { headers: cookie === '' ? {} : { cookie } })
}

/** The `Cookie` header of a record holding `tokens` (as any writer of the cookie makes it). */
export function cookieOf(tokens: TokenSet, fields: Record<string, unknown> = {}): string {
  const record = { ...encodeRecord(tokens, MOCK_CLIENT_ID, Date.now()), ...fields }
  const write = encodeSessionCookies(record as never, new Map())
  return write.set.map(({ name, value }) => `${name}=${value}`).join('; ')
}

/** A member's tokens issued by the mock, as a TokenSet. */
export function memberTokens(server: MockWixServer, now: number): TokenSet {
  const issued = server.createMemberTokens()
  return {
    sessionId: `member-${issued.visitorId}`,
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token,
    issuedAt: now,
    expiresAt: now + issued.expires_in * 1000,
    role: 'member',
    generation: 1,
  }
}

export const grants = (server: MockWixServer) => server.requests.map((request) => request.grantType)
