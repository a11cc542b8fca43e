/**
 * The cookie store's own rules, over a `document` whose cookies behave as a browser's do
 * for one path. Real cookies in Chromium: test/browser/cookie-store.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import { createCookieStore, DEFAULT_COOKIE_MAX_AGE_SECONDS } from '../../src/index'
import { decodeRecord, encodeRecord } from '../../src/storage/record'
import { createTestCookieJar } from '../support/cookie-jar'

const tokens = (length = 40): TokenSet => ({
  sessionId: 'a1b2c3d4',
  accessToken: `OauthNG.JWS.${'a'.repeat(length)}`,
  refreshToken: `JWS.${'r'.repeat(length)}`,
  issuedAt: 1_000,
  expiresAt: 14_401_000,
  role: 'visitor',
})
const record = (length = 40) => encodeRecord(tokens(length), 'client', 5)

describe('the cookie store', () => {
  it('is named cookie, shared by tabs, and has no atomic update', () => {
    const store = createCookieStore({ document: createTestCookieJar() })
    expect(store.name).toBe('cookie')
    expect(store.shared).toBe(true)
    expect(store.update).toBeUndefined()
  })

  it('reads back what it wrote, and nothing after a delete', async () => {
    const jar = createTestCookieJar()
    const store = createCookieStore({ document: jar })
    expect(await store.get()).toBeUndefined()
    await store.set(record())
    expect([...jar.cookies.keys()]).toEqual(['headless-session'])
    expect(await store.get()).toEqual(record())
    await store.delete()
    expect(jar.cookies.size).toBe(0)
    expect(await store.get()).toBeUndefined()
  })

  it('writes Path=/, SameSite=Lax and a 30-day Max-Age by default, never HttpOnly, Secure only on https', async () => {
    const http = createTestCookieJar({ location: { protocol: 'http:' } })
    await createCookieStore({ document: http }).set(record())
    expect(http.written).toEqual([
      expect.stringMatching(
        /^headless-session=b64u\.[\w-]+; Path=\/; Max-Age=2592000; SameSite=Lax$/,
      ),
    ])
    expect(DEFAULT_COOKIE_MAX_AGE_SECONDS).toBe(2_592_000)

    const https = createTestCookieJar({ location: { protocol: 'https:' } })
    await createCookieStore({ document: https }).set(record())
    expect(https.written[0]).toMatch(/; SameSite=Lax; Secure$/)
  })

  it('writes and deletes with the attributes it was given', async () => {
    const jar = createTestCookieJar({ location: { protocol: 'https:' } })
    const store = createCookieStore({
      document: jar,
      name: 'shop',
      maxAge: 600,
      path: '/store',
      domain: 'example.com',
      sameSite: 'strict',
      secure: false,
    })
    await store.set(record())
    await store.delete()
    expect(jar.written).toEqual([
      expect.stringMatching(
        /^shop=b64u\.[\w-]+; Path=\/store; Domain=example\.com; Max-Age=600; SameSite=Strict$/,
      ),
      'shop=; Path=/store; Domain=example.com; Max-Age=0; SameSite=Strict',
    ])
  })

  it('keeps a large record in chunks and removes stale cookies when it shrinks or grows', async () => {
    const jar = createTestCookieJar()
    jar.plant('theme', 'dark')
    const store = createCookieStore({ document: jar })
    await store.set(record(5_000))
    const chunks = [...jar.cookies.keys()].filter((name) => name !== 'theme')
    expect(chunks).toEqual([
      'headless-session.0',
      'headless-session.1',
      'headless-session.2',
      'headless-session.3',
    ])
    expect(await store.get()).toEqual(record(5_000))
    await store.set(record())
    expect([...jar.cookies.keys()]).toEqual(['theme', 'headless-session'])
    expect(await store.get()).toEqual(record())
    await store.set(record(2_500))
    expect([...jar.cookies.keys()]).toEqual(['theme', 'headless-session.0', 'headless-session.1'])
    await store.delete()
    expect([...jar.cookies.keys()]).toEqual(['theme'])
  })

  it('returns damaged cookies for the session to report, without throwing', async () => {
    const jar = createTestCookieJar()
    jar.plant('headless-session.0', 'b64u.e30')
    jar.plant('headless-session.2', 'b64u.e30')
    const value = await createCookieStore({ document: jar }).get()
    expect(decodeRecord(value, 'client')).toMatchObject({
      kind: 'invalid',
      warning: { code: 'corrupt_record' },
    })
  })

  it('rejects every operation when document.cookie throws, as in a sandboxed iframe', async () => {
    const sandboxed = {
      get cookie(): string {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
      set cookie(_header: string) {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
    }
    const store = createCookieStore({ document: sandboxed })
    await expect(store.get()).rejects.toThrow('sandboxed')
    await expect(store.set(record())).rejects.toThrow('sandboxed')
    await expect(store.delete()).rejects.toThrow('sandboxed')
  })

  it('rejects a write the browser silently refused, quoting no token', async () => {
    const blocked = { cookie: '' }
    Object.defineProperty(blocked, 'cookie', { get: () => '', set: () => undefined })
    const error = await createCookieStore({ document: blocked })
      .set(record())
      .catch((caught: unknown) => caught)
    expect(String(error)).toMatch(/refused the session cookie/)
    expect(String(error)).not.toContain('JWS')
  })

  it('rejects a delete that left a shadowing cookie visible', async () => {
    const jar = createTestCookieJar()
    const store = createCookieStore({ document: jar })
    await store.set(record())
    // A cookie of the same name the page cannot delete (another path, or HttpOnly).
    Object.defineProperty(jar, 'cookie', {
      get: () => `headless-session=${jar.cookies.get('headless-session')}`,
      set: () => undefined,
    })
    await expect(store.delete()).rejects.toThrow(/deleted session cookie is still there/)
  })

  it('rejects when there is no document at all, so a server falls back to memory', async () => {
    expect((globalThis as { document?: unknown }).document).toBeUndefined()
    await expect(createCookieStore().get()).rejects.toThrow(/no document/)
  })

  it.each([
    ['a name a cookie cannot have', { name: 'my session' }],
    ['a negative maxAge', { maxAge: -1 }],
    ['a maxAge under a second, which would delete the cookie as it is written', { maxAge: 0.5 }],
    ['a path with a semicolon', { path: '/;Domain=evil.example' }],
    ['a domain with a space', { domain: 'exa mple.com' }],
    ["sameSite 'none' that is not secure", { sameSite: 'none' as const, secure: false }],
  ])('refuses %s at creation, with a TypeError', (_name, options) => {
    expect(() => createCookieStore({ document: createTestCookieJar(), ...options })).toThrow(
      TypeError,
    )
  })
})
