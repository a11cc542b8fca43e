/**
 * Browser tabs running the test page, and what the tests ask of them. Each test gets its
 * own browser context (its own IndexedDB, locks and channels), closed after the test.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { MOCK_CLIENT_ID, type MockWixServer, startMockWixServer } from '../../../src/testing/index'
import type { RecordedSnapshot } from '../pages/session-page'
import { launchChromium } from './chromium'
import { type PageRenderer, type PageServer, startPageServer } from './page-server'

export interface BrowserRig {
  browser: () => Browser
  pages: () => PageServer
  /** A fresh browser context and mock server for one test. */
  scene: (serverOptions?: Parameters<typeof startMockWixServer>[0]) => Promise<Scene>
}

export interface Scene {
  context: BrowserContext
  server: MockWixServer
  /** Open a tab of a test page (default `session`) with these URL parameters. */
  open: (params?: Record<string, string | number>, page?: string) => Promise<Tab>
  /** Open `count` tabs at once. */
  openMany: (count: number, params?: Record<string, string | number>) => Promise<[Tab, ...Tab[]]>
}

/**
 * Launch Chromium and the page server once per file; close every scene after each test.
 * `render` makes the HTML of pages a server renders (see `startPageServer`).
 */
export function useBrowser(render?: PageRenderer): BrowserRig {
  let browser: Browser | undefined
  let pageServer: PageServer | undefined
  const cleanups: (() => Promise<unknown>)[] = []

  beforeAll(async () => {
    ;[browser, pageServer] = await Promise.all([
      launchChromium(),
      startPageServer(undefined, render),
    ])
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  })
  afterAll(async () => {
    await Promise.all([browser?.close(), pageServer?.close()])
  })

  const rig: BrowserRig = {
    browser: () => required(browser, 'browser'),
    pages: () => required(pageServer, 'page server'),
    scene: async (serverOptions) => {
      const server = await startMockWixServer(serverOptions)
      const context = await rig.browser().newContext()
      cleanups.push(
        () => server.close(),
        () => context.close(),
      )
      const open = (params: Record<string, string | number> = {}, page = 'session') =>
        openTab(context, `${rig.pages().url}/${page}.html`, server, params)
      return {
        context,
        server,
        open,
        openMany: async (count, params) => {
          const [first, ...rest] = await Promise.all(
            Array.from({ length: Math.max(1, count) }, () => open(params)),
          )
          return [first as Tab, ...rest]
        },
      }
    },
  }
  return rig
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the ${what} is not running`)
  return value
}

async function openTab(
  context: BrowserContext,
  pageUrl: string,
  server: MockWixServer,
  params: Record<string, string | number>,
): Promise<Tab> {
  const page = await context.newPage()
  const query = new URLSearchParams({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    ...stringify(params),
  })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(`${pageUrl}?${query}`)
  await page.waitForFunction(() => window.testPage !== undefined)
  return new Tab(page, errors)
}

function stringify(params: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]))
}

/** One tab of the test page. */
export class Tab {
  constructor(
    readonly page: Page,
    /** Uncaught errors in the page: a test expects none. */
    readonly errors: string[],
  ) {}

  token() {
    return this.page.evaluate(() => window.testPage.token())
  }
  tokens(count: number) {
    return this.page.evaluate((n) => window.testPage.tokens(n), count)
  }
  tokenSet() {
    return this.page.evaluate(() => window.testPage.tokenSet())
  }
  refresh() {
    return this.page.evaluate(() => window.testPage.refresh())
  }
  signOut() {
    return this.page.evaluate(() => window.testPage.signOut())
  }
  start() {
    return this.page.evaluate(() => window.testPage.start())
  }
  async reload() {
    await this.page.reload()
    await this.page.waitForFunction(() => window.testPage !== undefined)
  }
  snapshot(): Promise<RecordedSnapshot> {
    return this.page.evaluate(() => window.testPage.snapshot())
  }
  events() {
    return this.page.evaluate(() => window.testPage.events())
  }
  /** When the first event of `type` (and `reason`, if given) was emitted; fails if none was. */
  async eventAt(type: string, reason?: string): Promise<number> {
    const event = (await this.events()).find(
      (candidate) =>
        candidate.type === type &&
        (reason === undefined || ('reason' in candidate && candidate.reason === reason)),
    )
    if (!event) throw new Error(`the page emitted no ${type}${reason ? ` (${reason})` : ''} event`)
    return event.at
  }
  /** Wait until the session's state path starts with `prefix`. */
  async reach(prefix: string, timeout = 10_000) {
    await this.page.waitForFunction(
      (p) => window.testPage.snapshot().detail.startsWith(p),
      prefix,
      { timeout },
    )
  }
  /** Wait until the session holds a session ID other than `not`. */
  async holdOtherThan(not: string | null, timeout = 10_000) {
    await this.page.waitForFunction(
      (previous) => {
        const { sessionId, state } = window.testPage.snapshot()
        return state === 'active' && sessionId !== null && sessionId !== previous
      },
      not,
      { timeout },
    )
  }
}

/** Unwrap an outcome from the page, failing the test with the page's error. */
export function value<T>(
  outcome: { ok: true; value: T } | { ok: false; code: string; message: string },
): T {
  if (!outcome.ok) throw new Error(`the page reported ${outcome.code}: ${outcome.message}`)
  return outcome.value
}

/**
 * The token each tab hands out, once they hand out the same one: with short-lived tokens
 * the next refresh may be on its way from one tab to the others when they are asked. Gives
 * up (and returns what they last handed out) after `timeout`.
 */
export async function tokensOnceAgreed(tabs: readonly Tab[], timeout = 5_000): Promise<string[]> {
  const deadline = Date.now() + timeout
  for (;;) {
    const tokens = await Promise.all(tabs.map(async (tab) => value(await tab.token())))
    if (new Set(tokens).size === 1 || Date.now() > deadline) return tokens
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Poll until `check` returns a value other than undefined. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeout = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    const result = await check()
    if (result !== undefined) return result
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
