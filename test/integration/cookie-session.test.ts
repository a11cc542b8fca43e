/**
 * A whole session over the cookie store, against the mock Wix server over HTTP: restored
 * from the cookie with no request, hostile cookies reported and replaced by a new
 * visitor, large tokens in chunks, and a document whose cookies throw.
 */
import { describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createCookieStore } from '../../src/index'
import { decodeSessionCookies } from '../../src/storage/cookie-codec'
import { decodeRecord } from '../../src/storage/record'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { HOSTILE_RECORDS } from '../resilience/support/hostile-records'
import { createTestCookieJar, type TestCookieJar } from '../support/cookie-jar'
import { grants, mockServer, sessionFor, whoami } from '../support/session-fixture'

const warningsOf = (events: SessionEmitted[]) =>
  events.flatMap((event) => (event.type === 'warning' ? [event.warning.code] : []))
const base64url = (text: string) => {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
/** The tokens the jar's session cookies hold, if they are a valid record. */
const storedTokens = (jar: TestCookieJar) => {
  const read = decodeSessionCookies(jar.cookies)
  const decoded = decodeRecord(read.kind === 'record' ? read.value : undefined, MOCK_CLIENT_ID)
  return decoded.kind === 'valid' ? decoded.tokens : null
}

/** Cookies another script, an older build or an attacker left under the session's name. */
const HOSTILE_COOKIES: { name: string; cookies: Record<string, string> }[] = [
  { name: 'a value of another format', cookies: { 'headless-session': 'eyJhbGciOiJub25lIn0' } },
  { name: 'base64url that is not', cookies: { 'headless-session': 'b64u.%%%' } },
  { name: 'bytes that are not UTF-8', cookies: { 'headless-session': 'b64u.__79' } },
  {
    name: 'a missing chunk',
    cookies: { 'headless-session.0': `b64u.${base64url('{"ver')}`, 'headless-session.2': 'x' },
  },
  { name: 'a chunk numbered 10^12', cookies: { 'headless-session.1000000000000': 'b64u.e30' } },
  ...HOSTILE_RECORDS.filter((hostile) => hostile.warning === 'corrupt_record').map((hostile) => ({
    name: `a well-encoded record holding ${hostile.name}`,
    cookies: { 'headless-session': `b64u.${base64url(hostile.text)}` },
  })),
]

describe('a session over the cookie store', () => {
  it('restores the same visitor from the cookie with no token request, as after a reload', async () => {
    const server = await mockServer()
    const jar = createTestCookieJar()
    const first = sessionFor(server, { storage: createCookieStore({ document: jar }) }).start()
    const token = await first.getAccessToken()
    expect(storedTokens(jar)?.accessToken).toBe(token)
    await first.stop()

    const reloaded = sessionFor(server, { storage: createCookieStore({ document: jar }) }).start()
    expect(await reloaded.getAccessToken()).toBe(token)
    expect(grants(server)).toEqual(['anonymous'])
  })

  it.each(HOSTILE_COOKIES)(
    'at start, $name is reported as corrupt_record and replaced by a new visitor',
    async ({ cookies }) => {
      const server = await mockServer()
      const jar = createTestCookieJar()
      for (const [name, value] of Object.entries(cookies)) jar.plant(name, value)
      const session = sessionFor(server, { storage: createCookieStore({ document: jar }) })
      const events: SessionEmitted[] = []
      session.on('*', (event) => events.push(event))
      session.start()

      const token = await session.getAccessToken()
      expect((await whoami(server, token)).status).toBe(200)
      expect(grants(server)).toEqual(['anonymous'])
      expect(warningsOf(events)).toEqual(['corrupt_record'])
      expect(storedTokens(jar)?.accessToken).toBe(token)
      // Every damaged cookie is gone; only the new record's cookie is left.
      expect([...jar.cookies.keys()]).toEqual(['headless-session'])
    },
  )

  it('keeps imported tokens of 5,000 characters in chunks and restores them', async () => {
    const server = await mockServer()
    const jar = createTestCookieJar()
    const session = sessionFor(server, { storage: createCookieStore({ document: jar }) }).start()
    await session.getAccessToken()
    const big = {
      accessToken: `OauthNG.JWS.${'a'.repeat(5_000)}`,
      refreshToken: `JWS.${'r'.repeat(5_000)}`,
      expiresAt: Date.now() + 60 * 60 * 1000,
    }
    await session.importTokens(big)
    expect([...jar.cookies.keys()]).toEqual([
      'headless-session.0',
      'headless-session.1',
      'headless-session.2',
      'headless-session.3',
    ])
    for (const header of jar.written) {
      expect(new TextEncoder().encode(header).length).toBeLessThanOrEqual(4096)
    }
    await session.stop()

    const reloaded = sessionFor(server, { storage: createCookieStore({ document: jar }) }).start()
    expect(await reloaded.getAccessToken()).toBe(big.accessToken)
    await reloaded.signOut()
    expect([...jar.cookies.keys()]).toEqual(['headless-session'])
    expect(grants(server)).toEqual(['anonymous', 'anonymous'])
  })

  it('a start that reads chunks mid-rewrite (old and new mixed) re-reads under the lock and keeps the visitor', async () => {
    const server = await mockServer()
    const jar = createTestCookieJar()
    const writer = sessionFor(server, { storage: createCookieStore({ document: jar }) }).start()
    await writer.getAccessToken()
    const big = (fill: string) => ({
      accessToken: `OauthNG.JWS.${fill.repeat(5_000)}`,
      refreshToken: `JWS.${fill.repeat(5_000)}`,
      expiresAt: Date.now() + 60 * 60 * 1000,
    })
    await writer.importTokens(big('a'))
    const oldFirstChunk = jar.cookies.get('headless-session.0')
    await writer.importTokens(big('b'))
    await writer.stop()
    // What `start()` reads (the store's watch and the session's load) sees the new chunks but
    // the old first one, as if read between two writes; later reads see the finished write.
    let midRewrite = true
    const midWrite = {
      get cookie() {
        return midRewrite
          ? jar.cookie.replace(/headless-session\.0=[^;]*/, `headless-session.0=${oldFirstChunk}`)
          : jar.cookie
      },
      set cookie(header: string) {
        jar.cookie = header
      },
    }
    const starting = sessionFor(server, { storage: createCookieStore({ document: midWrite }) })
    const events: SessionEmitted[] = []
    starting.on('*', (event) => events.push(event))
    starting.start()
    midRewrite = false
    expect(await starting.getAccessToken()).toBe(big('b').accessToken)
    expect(warningsOf(events)).toEqual(['corrupt_record'])
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('carries on from memory with a storage_fallback warning when document.cookie throws', async () => {
    const server = await mockServer()
    const sandboxed = {
      get cookie(): string {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
      set cookie(_header: string) {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
    }
    const session = sessionFor(server, { storage: createCookieStore({ document: sandboxed }) })
    const events: SessionEmitted[] = []
    session.on('*', (event) => events.push(event))
    session.start()
    const token = await session.getAccessToken()
    expect((await whoami(server, token)).status).toBe(200)
    expect(await session.refresh()).not.toBe(token)
    expect(warningsOf(events)).toEqual(['storage_fallback'])
    expect(session.state).toBe('active')
  })
})
