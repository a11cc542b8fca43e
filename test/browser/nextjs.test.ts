/**
 * examples/nextjs, a real Next.js 16 App Router app, built with `next build` and served by
 * `next start` exactly as `npm run example:nextjs` serves it, driven in real Chromium.
 * Every token request, the server's (proxy, route handlers) and the browser's, is counted
 * in the mock Wix server's log; the counts are printed. Every page of every test must be
 * free of hydration errors, React warnings and uncaught errors.
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

let example: RunningExample
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  // Once per file: the library (if stale), the example's dependencies (if missing), the app.
  const quiet = () => undefined
  await ensureLibraryBuilt(quiet)
  await ensureExampleInstalled(quiet)
  await buildExample(quiet)
  ;[example, browser] = await Promise.all([startExample({ port: 0 }), launchChromium()])
}, 300_000)
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
  example.mock?.setAccessTokenLifetime(WIX_ACCESS_TOKEN_LIFETIME)
})
afterAll(async () => {
  await Promise.all([browser?.close(), example?.close()])
})

function mock() {
  if (!example.mock) throw new Error('the example runs without the mock server')
  return example.mock
}

/** A fresh browser (its own cookies), a clean request log, and its pages' problems. */
async function newVisitor() {
  const context = await browser.newContext()
  contexts.push(context)
  mock().clearRequests()
  return { context, problems: watchProblems(context, new URL(example.url).origin) }
}

const report = (step: string) =>
  console.log(`nextjs example, ${step}: ${JSON.stringify(requestCounts(mock()))}`)

describe('examples/nextjs in Chromium', () => {
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

  it('at expiry one refresh serves every tab and the next server render', async () => {
    // Tokens live 10 s: the tabs refresh at half their life; the server would only within
    // the last quarter, so the browser's refresh is what the server finds in the cookie.
    mock().setAccessTokenLifetime(10)
    const { context, problems } = await newVisitor()
    const tabs = [await openApp(context, example.url), await openApp(context, example.url)]
    const minted = await shown(tabs[0] as (typeof tabs)[0], 'server-session')
    const renewed = await Promise.all(
      tabs.map((tab) =>
        liveUntil(
          tab,
          (live) => live.expiresAt !== null && live.expiresAt > (minted.expiresAt ?? 0),
        ),
      ),
    )
    for (const live of renewed) {
      expect(live).toEqual({ ...minted, expiresAt: renewed[0]?.expiresAt })
    }
    const [first] = tabs
    if (!first) throw new Error('no tab')
    await first.reload()
    await hydrated(first)
    expect(await shown(first, 'server-session')).toEqual(renewed[0])
    expect(requestCounts(mock())).toEqual({ anonymous: 1, refresh_token: 1 })
    report('expiry with two tabs')
    expect(problems).toEqual([])
  })

  it('a member logs in and out through Wix’s pages on the server, and every tab follows', async () => {
    const { context, problems } = await newVisitor()
    const [first, second] = [
      await openApp(context, example.url),
      await openApp(context, example.url),
    ]
    if (!first || !second) throw new Error('no tab')
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
    await second.waitForURL(`${example.url}**`)
    await hydrated(second)
    const after = await shown(second, 'server-session')
    expect(after).toMatchObject({ state: 'active', role: 'visitor' })
    expect([visitor.sessionId, member.sessionId]).not.toContain(after.sessionId)
    expect(await shown(second, 'live-session')).toEqual(after)
    expect(await liveUntil(first, (live) => live.sessionId === after.sessionId)).toEqual(after)
    report('login, then logout')
    expect(requestCounts(mock())).toMatchObject({ anonymous: 2, authorization_code: 1 })
    expect(requestCounts(mock()).refresh_token).toBeUndefined()
    expect(tokenRequests(mock())).toBe(3)
    expect(problems).toEqual([])
  })

  it('the console check catches a hydration mismatch (control: server HTML altered in transit)', async () => {
    const { context, problems } = await newVisitor()
    await context.route(example.url, async (route) => {
      const response = await route.fetch()
      const html = (await response.text()).replace(
        /(data-testid="live-session"[\s\S]*?data-field="role">)visitor</,
        '$1nobody<',
      )
      await route.fulfill({ response, body: html })
    })
    await openApp(context, example.url)
    expect(problems.join('\n')).toMatch(/React error #418|hydrat/i)
  })
})
