/**
 * Debian's Chromium (the same launch as the browser tests) and the benchmark pages in
 * `bench/pages/`, bundled from the built package.
 */
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import { launchChromium } from '../../test/browser/support/chromium'
import { type PageServer, startPageServer } from '../../test/browser/support/page-server'

const benchPages = fileURLToPath(new URL('../pages/', import.meta.url))

export interface BenchBrowser {
  browser: Browser
  pages: PageServer
  /** Uncaught errors of any benchmark page: a valid run has none. */
  pageErrors: string[]
  close(): Promise<void>
}

export async function openBenchBrowser(): Promise<BenchBrowser> {
  const [browser, pages] = await Promise.all([launchChromium(), startPageServer(benchPages)])
  return {
    browser,
    pages,
    pageErrors: [],
    close: async () => {
      await Promise.all([browser.close(), pages.close()])
    },
  }
}

/** Open `bench/pages/<name>.html` against `server`, with more URL parameters. */
export async function openPage(
  rig: BenchBrowser,
  context: BrowserContext,
  name: 'tab' | 'cold-start',
  server: MockWixServer,
  params: Record<string, string | number> = {},
): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => rig.pageErrors.push(`${name}: ${String(error)}`))
  const query = new URLSearchParams({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    ...Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
  })
  await page.goto(`${rig.pages.url}/${name}.html?${query}`)
  return page
}

/** Open a benchmark tab and wait until its script has loaded. */
export async function openTab(
  rig: BenchBrowser,
  context: BrowserContext,
  server: MockWixServer,
  params: Record<string, string | number> = {},
): Promise<Page> {
  const page = await openPage(rig, context, 'tab', server, params)
  await page.waitForFunction(() => window.benchTab !== undefined)
  return page
}
