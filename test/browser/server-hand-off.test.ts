/**
 * One visitor from the first render to every tab, in real Chromium: the site's server
 * (test/browser/support/site-server.ts) calls `fromRequest()` for every page and API
 * request and sends its `Set-Cookie`; the page runs `createSession({ storage:
 * createCookieStore() })` from the built package. Every token request, the server's and
 * the browser's, is counted in the mock's log. Prints how long a refresh made by the server
 * takes to reach the open tabs (Cookie Store API change events, and the polling fallback).
 */
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  MOCK_CLIENT_ID,
  type MockWixServer,
  type TokenRequestRecord,
} from '../../src/testing/index'
import { startSiteServer } from './support/site-server'
import { Tab, useBrowser, value } from './support/tabs'

const rig = useBrowser()

const ofGrant = (requests: readonly TokenRequestRecord[], grant: string) =>
  requests.filter((request) => request.grantType === grant)

async function siteFor(server: MockWixServer) {
  const site = await startSiteServer({ clientId: MOCK_CLIENT_ID, tokenUrl: server.tokenUrl })
  return site
}

/** Open the site's page in a new tab of `context`; the page's session starts at once. */
async function openPage(
  context: BrowserContext,
  siteUrl: string,
  server: MockWixServer,
  params: Record<string, string> = {},
): Promise<Tab> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  const query = new URLSearchParams({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    ...params,
  })
  await page.goto(`${siteUrl}/cookie.html?${query}`)
  await page.waitForFunction(() => window.testPage !== undefined)
  return new Tab(page, errors)
}

/** When the tab adopted tokens another writer put in the cookie (epoch ms), waiting for it. */
async function adoptedAt(tab: Tab, timeout = 5_000): Promise<number> {
  await tab.page.waitForFunction(
    () =>
      window.testPage
        .events()
        .some(
          (event) =>
            event.type === 'tokensChanged' && 'reason' in event && event.reason === 'adopted',
        ),
    undefined,
    { timeout },
  )
  return tab.eventAt('tokensChanged', 'adopted')
}

/** Ask the site's API from inside the tab, as the page's own code would (`fetch`). */
function callApi(tab: Tab) {
  return tab.page.evaluate(async () => {
    const response = await fetch('/api/session')
    return (await response.json()) as { source: string; sessionId: string }
  })
}

/** Wait until `at` (epoch ms) on this machine's clock. */
const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

describe('one visitor from the first render to every tab', () => {
  it('the first visit mints exactly once, for server and page together; a reload and a second tab make no token request', async () => {
    const { server, context } = await rig.scene()
    const site = await siteFor(server)
    try {
      const tab = await openPage(context, site.url, server)
      const first = site.answers[0]
      expect(first).toMatchObject({ path: '/cookie.html', source: 'minted' })
      expect(value(await tab.token())).toBe(first?.accessToken)
      expect((await tab.snapshot()).sessionId).toBe(first?.sessionId)
      expect(await tab.events()).toContainEqual(
        expect.objectContaining({ type: 'tokensChanged', reason: 'restored' }),
      )
      expect(server.requests.map((request) => request.grantType)).toEqual(['anonymous'])

      await tab.reload()
      const second = await openPage(context, site.url, server)
      for (const open of [tab, second]) expect(value(await open.token())).toBe(first?.accessToken)
      expect(site.answers.map((answer) => answer.source)).toEqual(['minted', 'cookie', 'cookie'])
      expect(server.requests).toHaveLength(1)
      expect([...tab.errors, ...second.errors]).toEqual([])
    } finally {
      await site.close()
    }
  })

  it('a refresh made by the browser is what the next server request uses, with no second refresh', async () => {
    // Tokens live 6 s: the page refreshes at half their life, the server would at 3/4.
    const { server, context } = await rig.scene({ accessTokenLifetime: 6 })
    const site = await siteFor(server)
    try {
      const tab = await openPage(context, site.url, server)
      await tab.page.waitForFunction(
        () =>
          window.testPage
            .events()
            .some((event) => 'reason' in event && event.reason === 'refreshed'),
        undefined,
        { timeout: 10_000 },
      )
      const refreshed = value(await tab.token())
      expect(await callApi(tab)).toMatchObject({
        source: 'cookie',
        sessionId: (await tab.snapshot()).sessionId,
      })
      expect(site.answers.at(-1)?.accessToken).toBe(refreshed)
      await tab.reload()
      expect(value(await tab.token())).toBe(refreshed)
      expect(ofGrant(server.requests, 'anonymous')).toHaveLength(1)
      expect(ofGrant(server.requests, 'refresh_token')).toHaveLength(1)
      expect(tab.errors).toEqual([])
    } finally {
      await site.close()
    }
  })

  it.each([
    ['Cookie Store API change events', false],
    ['no Cookie Store API (polling every 1 s, focus, visibility)', true],
  ])(
    'a refresh made by the server reaches every open tab (%s)',
    async (_name, withoutCookieStore) => {
      // Tokens live 8 s. The pages refresh only at expiry (refreshMargin 0); the server, a
      // quarter of the life before it: a request after 6 s is the server's to refresh.
      const { server, context } = await rig.scene({ accessTokenLifetime: 8 })
      if (withoutCookieStore) {
        await context.addInitScript(() => {
          delete (Window.prototype as { cookieStore?: unknown }).cookieStore
          delete (window as { cookieStore?: unknown }).cookieStore
        })
      }
      const site = await siteFor(server)
      try {
        const tabs = [
          await openPage(context, site.url, server, { refreshMargin: '0' }),
          await openPage(context, site.url, server, { refreshMargin: '0' }),
        ]
        const hasCookieStore = await tabs[0]?.page.evaluate(() => 'cookieStore' in window)
        expect(hasCookieStore).toBe(!withoutCookieStore)
        const minted = value(await (tabs[0] as Tab).tokenSet())
        await sleepUntil(minted.issuedAt + 6_500)

        expect(await callApi(tabs[0] as Tab)).toMatchObject({
          source: 'refreshed',
          sessionId: minted.sessionId,
        })
        const answer = site.answers.at(-1)
        const delays = await Promise.all(
          tabs.map(async (tab) => (await adoptedAt(tab)) - (answer?.sentAt ?? 0)),
        )
        console.log(
          `server refresh → open tabs (${withoutCookieStore ? 'polling fallback' : 'cookieStore change event'}): ${delays.map((ms) => `${ms} ms`).join(', ')} after the response was sent`,
        )
        for (const tab of tabs) expect(value(await tab.token())).toBe(answer?.accessToken)
        // The tabs made no refresh of their own: the one refresh is the server's.
        expect(ofGrant(server.requests, 'refresh_token')).toHaveLength(1)
        expect(ofGrant(server.requests, 'anonymous')).toHaveLength(1)
        for (const delay of delays) expect(delay).toBeLessThan(withoutCookieStore ? 1_500 : 500)
        for (const tab of tabs) expect(tab.errors).toEqual([])
      } finally {
        await site.close()
      }
    },
  )
})
