/**
 * Cold start in Chromium: a page mints a session once, then is reloaded again and again;
 * each load times `createSession()` to its first token and restores the session from
 * IndexedDB. The mock server and the page's own network log say what went out. For
 * scale, a first visit (nothing stored, a fresh browser context each time) is timed too.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { type MockWixServer, startMockWixServer } from '../src/testing/index'
import type { ColdStart } from './pages/cold-start'
import { type BenchBrowser, openPage } from './support/browser'
import { type Summary, summarise } from './support/stats'

const WARM_UP_RELOADS = 2
const MEASURED_RELOADS = 20
const FIRST_VISITS = 10

export interface ColdStartFigures {
  loads: number
  /** `createSession()` to the first token, ms. */
  toFirstToken: Summary
  /** Navigation start to the first token, ms. */
  sinceNavigation: Summary
  /** Token requests the mock server received during the measured loads. */
  tokenRequests: number
  /** Requests the pages sent anywhere but to the page server (token requests, preflights…). */
  networkRequests: number
  /** How each load got its first tokens (`restored`, `minted`), with counts. */
  reasons: Record<string, number>
}

export interface ColdStartResult {
  storedSession: ColdStartFigures
  firstVisit: ColdStartFigures
}

async function coldStartOf(page: Page): Promise<ColdStart> {
  const handle = await page.waitForFunction(() => window.coldStart)
  return (await handle.jsonValue()) as ColdStart
}

/** Count the requests a context's pages send anywhere but to the page server. */
function countOutgoing(rig: BenchBrowser, context: BrowserContext, tally: { count: number }) {
  context.on('request', (request) => {
    if (!request.url().startsWith(rig.pages.url)) tally.count += 1
  })
}

function figures(
  loads: ColdStart[],
  server: MockWixServer,
  requestsBefore: number,
  networkRequests: number,
): ColdStartFigures {
  const reasons: Record<string, number> = {}
  for (const load of loads) reasons[String(load.reason)] = (reasons[String(load.reason)] ?? 0) + 1
  return {
    loads: loads.length,
    toFirstToken: summarise(loads.map((load) => load.toFirstTokenMs)),
    sinceNavigation: summarise(loads.map((load) => load.sinceNavigationMs)),
    tokenRequests: server.requests.length - requestsBefore,
    networkRequests,
    reasons,
  }
}

async function storedSession(rig: BenchBrowser, server: MockWixServer) {
  const context = await rig.browser.newContext()
  try {
    const page = await openPage(rig, context, 'cold-start', server)
    await coldStartOf(page) // the one mint: from now on the session is stored
    for (let i = 0; i < WARM_UP_RELOADS; i++) {
      await page.reload()
      await coldStartOf(page)
    }
    const requestsBefore = server.requests.length
    const outgoing = { count: 0 }
    countOutgoing(rig, context, outgoing)
    const loads: ColdStart[] = []
    for (let i = 0; i < MEASURED_RELOADS; i++) {
      await page.reload()
      loads.push(await coldStartOf(page))
    }
    return figures(loads, server, requestsBefore, outgoing.count)
  } finally {
    await context.close()
  }
}

async function firstVisits(rig: BenchBrowser, server: MockWixServer) {
  const requestsBefore = server.requests.length
  const outgoing = { count: 0 }
  const loads: ColdStart[] = []
  for (let i = 0; i < FIRST_VISITS; i++) {
    const context = await rig.browser.newContext()
    try {
      countOutgoing(rig, context, outgoing)
      loads.push(await coldStartOf(await openPage(rig, context, 'cold-start', server)))
    } finally {
      await context.close()
    }
  }
  return figures(loads, server, requestsBefore, outgoing.count)
}

export async function benchColdStart(rig: BenchBrowser): Promise<ColdStartResult> {
  const server = await startMockWixServer()
  try {
    return {
      storedSession: await storedSession(rig, server),
      firstVisit: await firstVisits(rig, server),
    }
  } finally {
    await server.close()
  }
}
