/**
 * First visit, server and browser together, in Chromium: a site's own server
 * (`site.ts`) runs one implementation's server side for every page, and the page runs its
 * browser side (`bench/pages/server-<implementation>.ts`). Every token request of both
 * goes to one mock server, whose log is counted per step: a first visit, a reload, a
 * second tab, then one token lifetime later both tabs call Wix (a click each) and one
 * navigates. The ideal: one visitor minted, one refresh, and one visitor everywhere.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { DEFAULT_REFRESH_MARGIN_MS } from '../../src/index'
import { SERVER_REFRESH_MARGIN_MS } from '../../src/server/index'
import {
  MOCK_CLIENT_ID,
  type MockWixServer,
  WIX_ACCESS_TOKEN_LIFETIME,
} from '../../src/testing/index'
import type { WixCall } from '../pages/server-page'
import type { BenchBrowser } from '../support/browser'
import {
  countRequests,
  startScenarioServer,
  TOKEN_REQUEST_LATENCY_MS,
  type TokenRequestCount,
} from '../token-requests/scenario'
import { installWixApiRoute } from '../token-requests/wix-api-route'
import { SERVER_VARIANTS, type ServerImplementation, serverSideOf } from './implementations'
import { type BenchSite, startBenchSite } from './site'

/**
 * Long enough that the first three steps (three page loads) end well before the first
 * tokens are due, even with every variant loading pages at once on a loaded machine.
 */
const TOKEN_LIFETIME_S = 10
/** Both margins scaled to the share of a lifetime their defaults take of a Wix token's. */
const scaled = (margin: number) =>
  Math.round((TOKEN_LIFETIME_S * margin) / WIX_ACCESS_TOKEN_LIFETIME)
const BROWSER_REFRESH_MARGIN_MS = scaled(DEFAULT_REFRESH_MARGIN_MS)
const SERVER_MARGIN_MS = scaled(SERVER_REFRESH_MARGIN_MS)
/** Past the first tokens' expiry by more than `@wix/sdk`'s whole-second clock hides. */
const LIFETIME_LATER_MS = TOKEN_LIFETIME_S * 1000 + 1_200

export const FIRST_VISIT_STEPS = [
  { name: 'first visit', ideal: 1 },
  { name: 'reload', ideal: 0 },
  { name: 'second tab', ideal: 0 },
  { name: 'a lifetime later: a click in each tab, one reload', ideal: 1 },
] as const

export interface FirstVisitStep {
  requests: TokenRequestCount
  /** Distinct visitors whose tokens the server's renders and the pages' calls used. */
  visitors: number
  /** Renders that failed, and page calls that got no token Wix accepts. */
  failures: number
}

export interface ServerFirstVisitRun {
  implementation: ServerImplementation
  rotateRefreshTokens: boolean
  steps: FirstVisitStep[]
  requests: TokenRequestCount
  /** Distinct visitors over the whole run, server and pages: ideally 1. */
  visitors: number
}

export interface ServerFirstVisitResult {
  /** What each step does, and its ideal token requests for server and pages together. */
  steps: readonly { name: string; ideal: number }[]
  tokenLifetimeS: number
  /** When "a lifetime later" is, after the first mint, in ms. */
  lifetimeLaterMs: number
  latencyMs: number
  browserRefreshMarginMs: number
  serverRefreshMarginMs: number
  runs: ServerFirstVisitRun[]
}

/** The answer of the page's own call on load, waiting for it. */
async function firstCall(page: Page): Promise<WixCall> {
  const handle = await page.waitForFunction(() => window.serverPageFirstCall)
  return (await handle.jsonValue()) as WixCall
}

class Visit {
  readonly visitors = new Set<string>()
  readonly steps: FirstVisitStep[] = []

  constructor(
    private readonly mock: MockWixServer,
    private readonly site: BenchSite,
  ) {}

  /** Count what `work` makes the server and the pages do. */
  async step(work: () => Promise<WixCall[]>): Promise<void> {
    const requestsBefore = this.mock.requests.length
    const answersBefore = this.site.answers.length
    const calls = await work()
    const answers = this.site.answers.slice(answersBefore)
    const used = [...answers, ...calls].map((each) => each.visitorId)
    const known = used.filter((visitor): visitor is string => visitor !== null)
    for (const visitor of known) this.visitors.add(visitor)
    this.steps.push({
      requests: countRequests(this.mock.requests.slice(requestsBefore)),
      visitors: new Set(known).size,
      failures: used.length - known.length,
    })
  }
}

async function runVariant(
  rig: BenchBrowser,
  implementation: ServerImplementation,
  rotate: boolean,
): Promise<ServerFirstVisitRun> {
  const mock = await startScenarioServer(rotate)
  mock.setAccessTokenLifetime(TOKEN_LIFETIME_S)
  const site = await startBenchSite(
    serverSideOf(implementation, {
      clientId: MOCK_CLIENT_ID,
      mock,
      refreshMargin: SERVER_MARGIN_MS,
    }),
    mock,
  )
  let context: BrowserContext | undefined
  try {
    // Bundle the page's script before the clock starts, so that a first load is quick.
    const warm = await fetch(`${site.url}/bundle/server-${implementation}.js`)
    if (!warm.ok) throw new Error(`server-${implementation}.js: ${await warm.text()}`)
    await warm.arrayBuffer()
    context = await rig.browser.newContext()
    const query = new URLSearchParams({
      clientId: MOCK_CLIENT_ID,
      tokenUrl: mock.tokenUrl,
      mock: mock.url,
      refreshMargin: String(BROWSER_REFRESH_MARGIN_MS),
    })
    const url = `${site.url}/server-${implementation}.html?${query}`
    const newTab = async () => {
      const page = await (context as BrowserContext).newPage()
      page.on('pageerror', (error) => rig.pageErrors.push(`server-${implementation}: ${error}`))
      return page
    }
    const visit = new Visit(mock, site)
    const tabA = await newTab()
    await visit.step(async () => {
      await tabA.goto(url)
      return [await firstCall(tabA)]
    })
    const mintedAt = mock.requests[0]?.endedAt ?? Date.now()
    await visit.step(async () => {
      await tabA.reload()
      return [await firstCall(tabA)]
    })
    const tabB = await newTab()
    await visit.step(async () => {
      await tabB.goto(url)
      return [await firstCall(tabB)]
    })
    // A refresh due during the first steps would be counted in the wrong one.
    if (Date.now() > mintedAt + TOKEN_LIFETIME_S * 1000 - BROWSER_REFRESH_MARGIN_MS) {
      throw new Error('three page loads took longer than a token lifetime: the run is void')
    }
    await visit.step(async () => {
      await new Promise((resolve) => setTimeout(resolve, mintedAt + LIFETIME_LATER_MS - Date.now()))
      const clicks = await Promise.all(
        [tabA, tabB].map((tab) => tab.evaluate(() => window.serverPage.callWix())),
      )
      await tabA.reload()
      return [...clicks, await firstCall(tabA)]
    })
    return {
      implementation,
      rotateRefreshTokens: rotate,
      steps: visit.steps,
      requests: countRequests(mock.requests),
      visitors: visit.visitors.size,
    }
  } finally {
    await context?.close()
    await site.close()
    await mock.close()
  }
}

export async function benchServerFirstVisit(rig: BenchBrowser): Promise<ServerFirstVisitResult> {
  const uninstall = installWixApiRoute()
  try {
    // Each variant has its own browser context, site and mock: they run at once.
    const runs = await Promise.all(
      SERVER_VARIANTS.map(({ implementation, rotate }) => runVariant(rig, implementation, rotate)),
    )
    return {
      steps: FIRST_VISIT_STEPS,
      tokenLifetimeS: TOKEN_LIFETIME_S,
      lifetimeLaterMs: LIFETIME_LATER_MS,
      latencyMs: TOKEN_REQUEST_LATENCY_MS,
      browserRefreshMarginMs: BROWSER_REFRESH_MARGIN_MS,
      serverRefreshMarginMs: SERVER_MARGIN_MS,
      runs,
    }
  } finally {
    uninstall()
  }
}
