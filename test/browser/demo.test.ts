/**
 * The live demo as `npm start` serves it (mock Wix server + Vite), in real Chromium: two
 * tabs reach `active`, show the same token fingerprint and each other in the devtools
 * panel, and the page's buttons do what they say. Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningDemo, startDemo } from '../../demo/start-demo'
import { type PanelView, panelUntil } from './support/devtools-panel'
import { useBrowser } from './support/tabs'

const rig = useBrowser()
const SCREENSHOTS = 'test-results'
let demo: RunningDemo

beforeAll(async () => {
  demo = await startDemo({ port: 0 })
  await mkdir(SCREENSHOTS, { recursive: true })
})
afterAll(async () => {
  await demo?.close()
})

async function openDemo(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(demo.url)
  // The first visit waits for Vite to compile the library from source.
  await page.waitForFunction(
    () => document.getElementById('state')?.textContent === 'active',
    null,
    {
      timeout: 30_000,
    },
  )
  return page
}

/** All the page shows: its DOM and the devtools panel's shadow DOM. */
function pageText(page: Page) {
  return page.evaluate(
    () =>
      document.documentElement.outerHTML +
      (document.querySelector('[data-headless-session-devtools]')?.shadowRoot?.innerHTML ?? ''),
  )
}

describe('the live demo', () => {
  it('two tabs reach active with one token fingerprint and see each other in the panel', async () => {
    const context = await rig.browser().newContext({ viewport: { width: 1280, height: 1000 } })
    try {
      demo.mock?.clearRequests()
      const errors: string[] = []
      const first = await openDemo(context)
      const second = await openDemo(context)
      for (const page of [first, second])
        page.on('pageerror', (error) => errors.push(String(error)))

      // A panel redraws within a frame of hearing a change: wait until it shows both tabs
      // settled on one token, rather than reading a view a frame old.
      const settled = (v: PanelView) =>
        v.state === 'active' &&
        /^fp_[0-9a-f]{8}$/.test(v.fingerprint) &&
        v.tabs.length === 2 &&
        v.tabs.every((row) => row.fingerprint === v.fingerprint)
      const one = await panelUntil(first, settled, 'two tabs on one token')
      const two = await panelUntil(second, settled, 'two tabs on one token')
      expect(two.fingerprint).toBe(one.fingerprint)
      const firstId = one.tabs.find((row) => row.self)?.tabId
      const secondId = two.tabs.find((row) => row.self)?.tabId
      expect(firstId).toBeDefined()
      expect(secondId).toBeDefined()
      expect(firstId).not.toBe(secondId)
      expect(one.tabs.map((row) => row.tabId).sort()).toEqual([firstId, secondId].sort())
      expect(two.tabs.map((row) => row.tabId).sort()).toEqual([firstId, secondId].sort())
      // The page itself shows the same fingerprint as its panel.
      await first.waitForFunction(
        (print) => document.getElementById('fingerprint')?.textContent === print,
        one.fingerprint,
      )
      // One visitor for the browser: the second tab restored it, no second mint.
      const grants = demo.mock?.requests.map((request) => request.grantType)
      expect(grants).toEqual(['anonymous'])

      await first.screenshot({ path: `${SCREENSHOTS}/demo-two-tabs.png` })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('its buttons fail the next request, refresh, sign out and open a tab, and no token shows', async () => {
    const context = await rig.browser().newContext({ viewport: { width: 1280, height: 1000 } })
    try {
      const page = await openDemo(context)
      const { fingerprint: before } = await panelUntil(
        page,
        (v) => v.state === 'active' && v.fingerprint.startsWith('fp_'),
        'the minted token',
      )
      demo.mock?.clearRequests()

      await page.click('#fail-next')
      await page.waitForFunction(() =>
        document.getElementById('results')?.textContent?.includes('armed'),
      )
      await page.click('#refresh')
      const refreshed = await panelUntil(
        page,
        (v) =>
          v.state === 'active' &&
          v.fingerprint !== before &&
          v.log.some((text) => text.startsWith('tokensChanged: refreshed')),
        'a refreshed token',
      )
      const failedAt = refreshed.log.findIndex((text) =>
        text.startsWith('tokenRequestFailed: http'),
      )
      const refreshedAt = refreshed.log.findIndex((text) =>
        text.startsWith('tokensChanged: refreshed'),
      )
      expect(failedAt).toBeGreaterThanOrEqual(0)
      expect(failedAt).toBeLessThan(refreshedAt)
      expect(demo.mock?.requests.map((request) => request.outcome)).toEqual(['fault', 'issued'])

      await page.click('#sign-out')
      await panelUntil(
        page,
        (v) => v.log.includes('signedOut (this-tab)') && v.state === 'active',
        'a new visitor',
      )
      await page.screenshot({ path: `${SCREENSHOTS}/demo-after-sign-out.png` })

      const opened = context.waitForEvent('page')
      await page.click('#open-tab')
      const third = await opened
      await third.waitForFunction(() => document.getElementById('state')?.textContent === 'active')

      // Mock tokens start `OauthNG.JWS.` or `JWS.`; the spent refresh tokens are in the log.
      const issued = (demo.mock?.requests ?? []).flatMap((request) =>
        request.refreshToken ? [request.refreshToken] : [],
      )
      for (const text of [await pageText(page), await pageText(third)]) {
        expect(text).not.toMatch(/OauthNG\.JWS\.|\bJWS\.[\w-]{20}/)
        for (const token of issued) expect(text).not.toContain(token)
      }
    } finally {
      await context.close()
    }
  })

  it("logs the demo's test member in through the mock's form, in both tabs, and out again", async () => {
    const context = await rig.browser().newContext({ viewport: { width: 1280, height: 1000 } })
    try {
      const first = await openDemo(context)
      const second = await openDemo(context)
      const member = demo.config.member
      if (member === null) throw new Error('the demo runs against the mock: it has a test member')
      expect(await first.textContent('#test-member')).toContain(member.email)
      const roleIs = (page: Page, role: string) =>
        page.waitForFunction(
          (wanted) =>
            document.getElementById('role')?.dataset.role === wanted &&
            document.getElementById('state')?.textContent === 'active',
          role,
          { timeout: 15_000 },
        )
      await roleIs(second, 'visitor')
      demo.mock?.clearRequests()

      await first.click('#log-in')
      await first.waitForSelector('input[name=email]')
      await first.fill('input[name=email]', member.email)
      await first.fill('input[name=password]', member.password)
      await first.click('button[type=submit], input[type=submit]')
      await roleIs(first, 'member')
      await roleIs(second, 'member')
      await panelUntil(second, (v) => v.role === 'member', 'the member in the panel')
      const grants = (demo.mock?.requests ?? []).flatMap((r) => (r.grantType ? [r.grantType] : []))
      expect(grants).toEqual(['authorization_code'])

      await second.click('#log-out')
      await roleIs(first, 'visitor')
      await second.waitForURL(demo.url)
      await roleIs(second, 'visitor')
      await first.screenshot({ path: `${SCREENSHOTS}/demo-after-log-out.png` })
    } finally {
      await context.close()
    }
  })
})
