/**
 * examples/nextjs, a real Next.js 16 App Router app, served as `npm run example:nextjs`
 * serves it and driven in real Chromium: built once with `next build` and served by
 * `next start`, then served by `next dev`, whose React development build prints every
 * warning React has. Every token request, the server's (proxy, route handlers) and the
 * browser's, is counted in the mock Wix server's log, and the counts are printed. No page
 * of the app may log a hydration error, a React warning or an uncaught error.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  buildExample,
  ensureExampleInstalled,
  ensureLibraryBuilt,
} from '../../scripts/example-nextjs/prepare'
import {
  EXAMPLE_MEMBER,
  type RunningExample,
  startExample,
} from '../../scripts/example-nextjs/start'
import { WIX_ACCESS_TOKEN_LIFETIME } from '../../src/testing/index'
import { launchChromium } from './support/chromium'
import {
  hydrated,
  liveUntil,
  openApp,
  requestCounts,
  shown,
  tokenRequests,
  watchProblems,
} from './support/nextjs-app'

const quiet = () => undefined
const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))
let browser: Browser

beforeAll(async () => {
  // The library (if stale) and the example's dependencies (if missing), once per file.
  await ensureLibraryBuilt(quiet)
  await ensureExampleInstalled(quiet)
  browser = await launchChromium()
}, 300_000)
afterAll(async () => {
  await browser?.close()
})

describe.each([
  { served: 'next start (production build)', dev: false },
  { served: 'next dev (React development build)', dev: true },
])('examples/nextjs served by $served', ({ served, dev }) => {
  let example: RunningExample
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    if (!dev) await buildExample(quiet)
    example = await startExample({ port: 0, dev })
  }, 300_000)
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close()
  })
  afterAll(async () => {
    await example?.close()
    // Whatever the pages did, the server never failed a request. (`next dev` also echoes
    // the browser's errors, marked `[browser]`, such as the control's mismatch below.)
    expect(example?.output()).not.toMatch(/^\s*⨯|^\s*(GET|POST) \S+ 5\d\d /m)
  })

  const mock = () => {
    if (!example.mock) throw new Error('the example runs without the mock server')
    return example.mock
  }
  /** A fresh browser (its own cookies), a clean request log, and its pages' problems. */
  const newVisitor = async () => {
    const context = await browser.newContext()
    contexts.push(context)
    mock().clearRequests()
    return { context, problems: watchProblems(context, new URL(example.url).origin) }
  }
  const report = (step: string) =>
    console.log(`nextjs example (${served}), ${step}: ${JSON.stringify(requestCounts(mock()))}`)

  it('the first visit mints one visitor for server and browser together; a reload and a second tab make no token request', async () => {
    const { context, problems } = await newVisitor()
    const tab = await openApp(context, example.url)
    await tab.waitForLoadState('networkidle')
    const server = await shown(tab, 'server-session')
    expect(server).toMatchObject({ state: 'active', role: 'visitor' })
    expect(server.sessionId).toMatch(/^[0-9a-f]{16,}$/)
    expect(await shown(tab, 'live-session')).toEqual(server)
    expect(requestCounts(mock())).toEqual({ anonymous: 1 })
    report('first visit')

    await tab.reload()
    await hydrated(tab)
    const second = await openApp(context, example.url)
    await Promise.all([tab, second].map((page) => page.waitForLoadState('networkidle')))
    for (const page of [tab, second]) {
      expect(await shown(page, 'server-session')).toEqual(server)
      expect(await shown(page, 'live-session')).toEqual(server)
    }
    expect(tokenRequests(mock())).toBe(1)
    report('after a reload and a second tab')
    expect(problems).toEqual([])
  })

  it('the server calls a Wix API with the request’s token, for the visitor the page shows', async () => {
    const { context, problems } = await newVisitor()
    const home = await openApp(context, example.url)
    const { sessionId } = await shown(home, 'server-session')
    await home.click('nav >> text=Wix API call')
    const answer = home.locator('[data-testid=wix-answer]')
    await answer.waitFor()
    expect(await answer.getAttribute('data-status')).toBe('200')
    expect(await answer.locator('[data-field=role]').textContent()).toBe('visitor')
    expect(await answer.locator('[data-field=session]').textContent()).toContain(
      sessionId.slice(0, 8),
    )
    expect(tokenRequests(mock())).toBe(1)
    expect(problems).toEqual([])
  })

  it('a member logs in and out through Wix’s pages on the server, and every tab follows', async () => {
    const { context, problems } = await newVisitor()
    const first = await openApp(context, example.url)
    const second = await openApp(context, example.url)
    const visitor = await shown(first, 'server-session')

    await first.click('text=Log in')
    await first.waitForURL(`${mock().url}/**`)
    await first.fill('input[name=email]', EXAMPLE_MEMBER.email)
    await first.fill('input[name=password]', EXAMPLE_MEMBER.password)
    await first.click('button[type=submit]')
    await first.waitForURL(example.url)
    await hydrated(first)
    const member = await shown(first, 'server-session')
    expect(member).toMatchObject({ state: 'active', role: 'member' })
    expect(member.sessionId).not.toBe(visitor.sessionId)
    expect(await shown(first, 'live-session')).toEqual(member)
    expect(await liveUntil(second, (live) => live.sessionId === member.sessionId)).toEqual(member)
    report('login')
    expect(requestCounts(mock())).toMatchObject({ anonymous: 1, authorization_code: 1 })
    expect(tokenRequests(mock())).toBe(2)

    // The other tab's button follows its live session: it offers to log out.
    await second.click('text=Log out')
    await second.waitForURL(example.url)
    await hydrated(second)
    const after = await shown(second, 'server-session')
    expect(after).toMatchObject({ state: 'active', role: 'visitor' })
    expect([visitor.sessionId, member.sessionId]).not.toContain(after.sessionId)
    expect(await shown(second, 'live-session')).toEqual(after)
    expect(await liveUntil(first, (live) => live.sessionId === after.sessionId)).toEqual(after)
    report('login, then logout')
    expect(requestCounts(mock())).toMatchObject({ anonymous: 2, authorization_code: 1 })
    expect(tokenRequests(mock())).toBe(3)
    expect(problems).toEqual([])
  })

  it('the console check sees a hydration mismatch (control: the server’s HTML altered before hydration)', async () => {
    const { context, problems } = await newVisitor()
    // Changes the live panel's role as the HTML is parsed, before React hydrates it.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const role = document.querySelector('[data-testid=live-session] [data-field=role]')
        if (role?.textContent !== 'visitor') return
        role.textContent = 'nobody'
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true, characterData: true })
    })
    const page = await context.newPage()
    await page.goto(example.url)
    await expect
      .poll(() => problems.join('\n'), { timeout: 15_000 })
      .toMatch(/React error #418|hydrat/i)
  })

  // Once is enough: the refresh is the library's, whichever way the app is served.
  if (!dev) {
    it('at expiry one refresh serves every tab and the next server render', async () => {
      // Tokens live 10 s: the tabs refresh at half their life; the server would only within
      // the last quarter, so the browser's refresh is what the server finds in the cookie.
      mock().setAccessTokenLifetime(10)
      try {
        const { context, problems } = await newVisitor()
        const tabs = [await openApp(context, example.url), await openApp(context, example.url)]
        const [first] = tabs
        if (!first) throw new Error('no tab')
        const minted = await shown(first, 'server-session')
        const renewed = await Promise.all(
          tabs.map((tab) =>
            liveUntil(tab, (live) => (live.expiresAt ?? 0) > (minted.expiresAt ?? 0)),
          ),
        )
        for (const live of renewed) {
          expect(live).toEqual({ ...minted, expiresAt: renewed[0]?.expiresAt })
        }
        await first.reload()
        await hydrated(first)
        expect(await shown(first, 'server-session')).toEqual(renewed[0])
        expect(requestCounts(mock())).toEqual({ anonymous: 1, refresh_token: 1 })
        report('expiry with two tabs')
        expect(problems).toEqual([])
      } finally {
        mock().setAccessTokenLifetime(WIX_ACCESS_TOKEN_LIFETIME)
      }
    })

    it('a member whose session Wix ended is told so, never a 500 nor a quiet visitor, and can go on as a visitor', async () => {
      mock().setAccessTokenLifetime(4)
      mock().setAutoLogin(EXAMPLE_MEMBER.email)
      try {
        const { context, problems } = await newVisitor()
        const page = await openApp(context, example.url)
        await page.click('[data-testid=live] >> text=Log in')
        await page.waitForURL(example.url)
        const member = await shown(page, 'server-session')
        expect(member.role).toBe('member')
        // Logged out elsewhere while no tab is open: Wix refuses the next refresh.
        await page.goto('about:blank')
        mock().revokeVisitor(mock().memberId(EXAMPLE_MEMBER.email) ?? '')
        await sleepUntil((member.expiresAt ?? 0) + 100)

        const response = await page.goto(example.url)
        expect(response?.status()).toBe(200)
        await page.locator('[data-testid=member-ended]').waitFor()
        await hydrated(page)
        await page
          .locator('[data-testid=live-error]', { hasText: 'member_session_ended' })
          .waitFor()
        expect(requestCounts(mock())).toMatchObject({ anonymous: 1, refresh_token: 1 })

        await page.click('text=Continue as a visitor')
        await page.waitForURL(example.url)
        await hydrated(page)
        const visitor = await shown(page, 'server-session')
        expect(visitor).toMatchObject({ state: 'active', role: 'visitor' })
        expect(visitor.sessionId).not.toBe(member.sessionId)
        expect(await shown(page, 'live-session')).toEqual(visitor)
        report('member ended, then on as a visitor')
        expect(requestCounts(mock())).toMatchObject({ anonymous: 2, refresh_token: 1 })
        expect(problems).toEqual([])
      } finally {
        mock().setAccessTokenLifetime(WIX_ACCESS_TOKEN_LIFETIME)
        mock().setAutoLogin(null)
      }
    })
  }
})
