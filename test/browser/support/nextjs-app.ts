/**
 * Driving examples/nextjs in Chromium: its pages, what they show of the session (the
 * server's render and the live client component), and what went wrong in any of them.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { MockWixServer } from '../../../src/testing/index'

/** The session as a page shows it (app/session-facts.tsx). */
export interface ShownSession {
  state: string
  role: string
  sessionId: string
  expiresAt: number | null
}

/**
 * Console errors and warnings, and uncaught errors, of every page of the app (`origin`)
 * in the context, from before its first load: hydration errors, React's warnings, the
 * app's own failures. The mock's login and logout pages are Wix's, not the app's.
 */
export function watchProblems(context: BrowserContext, origin: string): string[] {
  const problems: string[] = []
  const ofApp = (page: Page | null) => page?.url().startsWith(origin) ?? true
  context.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && ofApp(message.page())) {
      problems.push(`${message.type()} on ${message.page()?.url()}: ${message.text()}`)
    }
  })
  context.on('weberror', (error) => {
    if (ofApp(error.page())) problems.push(`uncaught: ${error.error().message}`)
  })
  return problems
}

/** Open `url` in a new tab and wait until the client component has hydrated. */
export async function openApp(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await hydrated(page)
  return page
}

/** Wait until the page's client component renders on its own (after hydration). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('[data-testid=live][data-hydrated=true]').waitFor({ timeout: 15_000 })
}

/** What the page shows: `server-session` (the server's render) or `live-session` (the tab's). */
export async function shown(page: Page, which: 'server-session' | 'live-session') {
  return page.locator(`[data-testid=${which}]`).evaluate((list): ShownSession => {
    const field = (name: string) => list.querySelector(`[data-field=${name}]`)
    const expiresAt = field('expires')?.getAttribute('data-expires-at')
    return {
      state: field('state')?.textContent ?? '',
      role: field('role')?.textContent ?? '',
      sessionId: list.getAttribute('data-session-id') ?? '',
      expiresAt: expiresAt ? Number(expiresAt) : null,
    }
  })
}

/** Wait until the tab's live session shows what `accept` accepts, and return it. */
export async function liveUntil(
  page: Page,
  accept: (session: ShownSession) => boolean,
  timeout = 15_000,
): Promise<ShownSession> {
  const deadline = Date.now() + timeout
  for (;;) {
    const session = await shown(page, 'live-session')
    if (accept(session)) return session
    if (Date.now() > deadline) {
      throw new Error(`the live session never got there; it shows ${JSON.stringify(session)}`)
    }
    await page.waitForTimeout(50)
  }
}

/** Requests in the mock's log, by grant (token requests) or endpoint (the member side). */
export function requestCounts(mock: MockWixServer): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const record of mock.requests) {
    const name = record.grantType ?? record.endpoint ?? 'token'
    counts[name] = (counts[name] ?? 0) + 1
  }
  return counts
}

/** Token requests only (mints, refreshes, code exchanges). */
export function tokenRequests(mock: MockWixServer): number {
  return mock.requests.filter((record) => (record.endpoint ?? 'token') === 'token').length
}
