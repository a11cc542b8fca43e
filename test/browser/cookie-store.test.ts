/**
 * `createCookieStore()` in real Chromium: the session in `document.cookie`, shared by tabs
 * under the same Web Lock and BroadcastChannel as with IndexedDB, chunked when large, read
 * back after reloads, hostile cookies reported, and the attributes the browser records.
 * Cookies are also crossed with the codec in Node, as a server would read and write them.
 */
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createCookieStore, createSession } from '../../src/index'
import { decodeSessionCookies } from '../../src/storage/cookie-codec'
import { decodeRecord } from '../../src/storage/record'
import { MOCK_CLIENT_ID, type TokenRequestRecord } from '../../src/testing/index'
import { createTestCookieJar } from '../support/cookie-jar'
import { eventually, type Tab, useBrowser, value } from './support/tabs'

const rig = useBrowser()
const PAGE = 'cookie'
const DAY = 24 * 60 * 60

const ofGrant = (requests: readonly TokenRequestRecord[], grant: string) =>
  requests.filter((request) => request.grantType === grant)

/** The session cookies the browser holds, by name. */
async function sessionCookies(context: BrowserContext, name = 'headless-session') {
  const all = await context.cookies()
  return all.filter((cookie) => cookie.name === name || cookie.name.startsWith(`${name}.`))
}

/** The tokens the browser's cookies hold, read with the codec as a server would. */
async function tokensInCookies(context: BrowserContext) {
  const jar = new Map((await context.cookies()).map((cookie) => [cookie.name, cookie.value]))
  const read = decodeSessionCookies(jar)
  const decoded = decodeRecord(read.kind === 'record' ? read.value : undefined, MOCK_CLIENT_ID)
  return decoded.kind === 'valid' ? decoded.tokens : null
}

async function warningsOf(tab: Tab) {
  return (await tab.events()).flatMap((event: SessionEmitted) =>
    event.type === 'warning' ? [event.warning.code] : [],
  )
}

function importTokens(tab: Tab, tokens: { accessToken: string; refreshToken: string }) {
  return tab.page.evaluate(
    (imported) =>
      window.cookiePage.importTokens({ ...imported, expiresAt: Date.now() + 60 * 60 * 1000 }),
    tokens,
  )
}

describe('one tab', () => {
  it('a reload restores the same visitor from the cookie with no token request', async () => {
    const { server, context, open } = await rig.scene()
    const tab = await open({}, PAGE)
    const token = value(await tab.token())
    expect((await tokensInCookies(context))?.accessToken).toBe(token)
    await tab.reload()
    expect(value(await tab.token())).toBe(token)
    expect(server.requests).toHaveLength(1)
    expect(await tab.events()).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'restored' }),
    )
    expect(tab.errors).toEqual([])
  })

  it('the browser records Path=/, SameSite=Lax, no HttpOnly, not Secure on http, and Max-Age as expiry', async () => {
    const { context, open } = await rig.scene()
    const tab = await open({}, PAGE)
    const before = Date.now() / 1000
    value(await tab.token())
    const [cookie, ...others] = await sessionCookies(context)
    expect(others).toEqual([])
    expect(cookie).toMatchObject({
      name: 'headless-session',
      domain: '127.0.0.1',
      path: '/',
      sameSite: 'Lax',
      httpOnly: false,
      secure: false,
    })
    expect(cookie?.expires).toBeGreaterThan(before + 30 * DAY - 60)
    expect(cookie?.expires).toBeLessThan(Date.now() / 1000 + 30 * DAY + 60)

    const short = await rig.scene()
    const other = await short.open({ maxAge: 3_600, cookieName: 'shop' }, PAGE)
    value(await other.token())
    const [named] = await sessionCookies(short.context, 'shop')
    expect(named?.expires).toBeGreaterThan(Date.now() / 1000 + 3_600 - 60)
    expect(named?.expires).toBeLessThan(Date.now() / 1000 + 3_600 + 60)
  })

  it('a large record is stored in chunks the browser accepts, survives a reload, and shrinking removes the chunks', async () => {
    const { server, context, open } = await rig.scene()
    const tab = await open({}, PAGE)
    value(await tab.token())
    const big = {
      accessToken: `OauthNG.JWS.${'a'.repeat(3_000)}`,
      refreshToken: `JWS.${'r'.repeat(3_000)}`,
    }
    value(await importTokens(tab, big))
    const chunks = await sessionCookies(context)
    expect(chunks.map((cookie) => cookie.name).sort()).toEqual([
      'headless-session.0',
      'headless-session.1',
      'headless-session.2',
    ])
    const sizes = chunks.map((cookie) => cookie.name.length + cookie.value.length)
    console.log(`3,000-character tokens: chunks of ${sizes.join(', ')} bytes (name + value)`)
    for (const size of sizes) expect(size).toBeLessThanOrEqual(4096)
    const seen = await tab.page.evaluate(() => window.cookiePage.documentCookie())
    for (const chunk of chunks) expect(seen).toContain(`${chunk.name}=${chunk.value}`)

    await tab.reload()
    expect(value(await tab.token())).toBe(big.accessToken)
    expect(server.requests).toHaveLength(1)

    value(await importTokens(tab, { accessToken: 'OauthNG.JWS.small', refreshToken: 'JWS.small' }))
    expect((await sessionCookies(context)).map((cookie) => cookie.name)).toEqual([
      'headless-session',
    ])
    await tab.reload()
    expect(value(await tab.token())).toBe('OauthNG.JWS.small')
    expect(tab.errors).toEqual([])
  })

  it.each([
    ['a value of another format', ['headless-session=not-ours']],
    [
      'a chunk gone missing',
      ['headless-session.0=3.0123abcd.b64u.eyJ2', 'headless-session.2=3.0123abcd.MX0'],
    ],
    ['bytes that are not UTF-8', ['headless-session=b64u.__79']],
  ])(
    'a corrupt cookie set by other script (%s) gives a warning and a new visitor, without a crash',
    async (_name, cookies) => {
      const { server, context, open } = await rig.scene()
      const tab = await open({ autostart: 'false' }, PAGE)
      await tab.page.evaluate((written) => {
        for (const cookie of written) {
          // biome-ignore lint/suspicious/noDocumentCookie: this plays another script writing by hand
          document.cookie = `${cookie}; path=/`
        }
      }, cookies)
      await tab.start()
      const token = value(await tab.token())
      expect(token).toMatch(/^OauthNG\.JWS\./)
      expect(await warningsOf(tab)).toEqual(['corrupt_record'])
      expect(ofGrant(server.requests, 'anonymous')).toHaveLength(1)
      expect((await tokensInCookies(context))?.accessToken).toBe(token)
      expect((await sessionCookies(context)).map((cookie) => cookie.name)).toEqual([
        'headless-session',
      ])
      expect(tab.errors).toEqual([])
    },
  )

  it('runs from memory with a warning when document.cookie throws, as in a sandboxed iframe', async () => {
    const { context, open } = await rig.scene()
    await context.addInitScript(() => {
      const sandboxed = () => {
        throw new DOMException(
          "Failed to read the 'cookie' property from 'Document': The document is sandboxed",
          'SecurityError',
        )
      }
      Object.defineProperty(Document.prototype, 'cookie', {
        get: sandboxed,
        set: sandboxed,
        configurable: true,
      })
    })
    const tab = await open({}, PAGE)
    const token = value(await tab.token())
    expect(value(await tab.refresh())).not.toBe(token)
    expect(await warningsOf(tab)).toEqual(['storage_fallback'])
    expect((await tab.snapshot()).state).toBe('active')
    expect(tab.errors).toEqual([])
  })
})

describe('the same cookie on a server', () => {
  it('a page restores, with no request, the visitor a server wrote into the cookie', async () => {
    const { server, context, open } = await rig.scene()
    // The server's side: a session in Node whose cookies become Set-Cookie headers.
    const jar = createTestCookieJar()
    const onServer = createSession({
      clientId: MOCK_CLIENT_ID,
      tokenUrl: server.tokenUrl,
      storage: createCookieStore({ document: jar }),
    }).start()
    const token = await onServer.getAccessToken()
    await onServer.stop()
    await context.addCookies(
      [...jar.cookies].map(([name, value]) => ({ name, value, url: rig.pages().url })),
    )
    const tab = await open({}, PAGE)
    expect(value(await tab.token())).toBe(token)
    expect(server.requests).toHaveLength(1)
  })
})

describe('many tabs', () => {
  it('five tabs opened at once with no cookie mint exactly one visitor', async () => {
    const { server, open } = await rig.scene()
    const tabs = await Promise.all(Array.from({ length: 5 }, () => open({}, PAGE)))
    const tokens = await Promise.all(tabs.map(async (tab) => value(await tab.token())))
    expect(new Set(tokens).size).toBe(1)
    expect(ofGrant(server.requests, 'anonymous')).toHaveLength(1)
    expect(server.requests).toHaveLength(1)
    for (const tab of tabs) expect(tab.errors).toEqual([])
  })

  it('five tabs with concurrent callers crossing the refresh margin make exactly one refresh request', async () => {
    // Tokens live 10 s: the refresh is due 5 s after the mint.
    const { server, context, open } = await rig.scene({ accessTokenLifetime: 10 })
    const tabs = await Promise.all(Array.from({ length: 5 }, () => open({}, PAGE)))
    const minted = value(await (tabs[0] as Tab).token())
    const seen = await Promise.all(
      tabs.map((tab) =>
        tab.page.evaluate(async () => {
          const tokens = new Set<string>()
          let changedAt = Number.POSITIVE_INFINITY
          const giveUpAt = Date.now() + 12_000
          while (Date.now() < Math.min(changedAt + 500, giveUpAt)) {
            for (const answer of await window.testPage.tokens(10))
              if (answer.ok) tokens.add(answer.value)
            if (tokens.size > 1 && changedAt === Number.POSITIVE_INFINITY) changedAt = Date.now()
            await new Promise((resolve) => setTimeout(resolve, 25))
          }
          return [...tokens]
        }),
      ),
    )
    expect(ofGrant(server.requests, 'refresh_token')).toHaveLength(1)
    const refreshed = new Set(seen.flat())
    refreshed.delete(minted)
    expect(refreshed.size).toBe(1)
    for (const tokens of seen) expect(tokens).toContain([...refreshed][0])
    expect((await tokensInCookies(context))?.accessToken).toBe([...refreshed][0])
    expect(ofGrant(server.requests, 'anonymous')).toHaveLength(1)
  })

  it('a sign-out in one tab reaches every tab, which go on with one new visitor', async () => {
    const { server, context, open } = await rig.scene()
    const tabs = await Promise.all(Array.from({ length: 3 }, () => open({}, PAGE)))
    await Promise.all(tabs.map((tab) => tab.token()))
    const [first, signingOut, third] = tabs as [Tab, Tab, Tab]
    const old = (await first.snapshot()).sessionId
    // Wix's round trip (the loopback has none): the new visitor's cookie is written after
    // the other tabs heard of the sign-out, as it is in a browser talking to Wix. Without
    // it, a loaded machine can read the new cookie before the sign-out's message arrives,
    // and a tab adopts the new visitor without a `signedOut` event.
    server.injectFault({ grantType: 'anonymous', delayMs: 300 }, 1)
    value(await signingOut.signOut())
    await Promise.all(tabs.map((tab) => tab.holdOtherThan(old)))
    const tokens = await Promise.all(tabs.map(async (tab) => value(await tab.token())))
    expect(new Set(tokens).size).toBe(1)
    expect(ofGrant(server.requests, 'anonymous')).toHaveLength(2)
    for (const tab of [first, third]) {
      expect(await tab.events()).toContainEqual(
        expect.objectContaining({ type: 'signedOut', origin: 'other-tab', sessionId: old }),
      )
    }
    await eventually(async () =>
      (await tokensInCookies(context))?.accessToken === tokens[0] ? true : undefined,
    )
  })
})
