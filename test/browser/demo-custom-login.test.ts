/**
 * The live demo's own login form (`demo/custom-login.ts`) as `npm start` serves it, in
 * real Chromium: a wrong password is told as such, the test member shown on the page logs
 * in through the form, both tabs become the member with one code exchange, and a silent
 * login then finds them. Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningDemo, startDemo } from '../../demo/start-demo'
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

async function openDemo(page: Page) {
  await page.goto(demo.url)
  // The first visit waits for Vite to compile the library from source.
  await page.waitForFunction(
    () => document.getElementById('state')?.textContent === 'active',
    null,
    {
      timeout: 30_000,
    },
  )
}

const roleIs = (page: Page, role: string) =>
  page.waitForFunction(
    (wanted) =>
      document.getElementById('role')?.dataset.role === wanted &&
      document.getElementById('state')?.textContent === 'active',
    role,
    { timeout: 15_000 },
  )

const lastResult = (page: Page) =>
  page.evaluate(() => document.querySelector('#results li')?.textContent ?? '')

describe("the demo's own login form", () => {
  it('refuses a wrong password, then logs the test member in, in both tabs', async () => {
    const context = await rig.browser().newContext({ viewport: { width: 1280, height: 1000 } })
    try {
      const [first, second] = [await context.newPage(), await context.newPage()]
      await openDemo(first)
      await openDemo(second)
      const member = demo.config.member
      if (member === null) throw new Error('the demo runs against the mock: it has a test member')
      // The page shows whom to log in with.
      expect(await first.textContent('#test-member')).toContain(member.email)
      expect(await first.getAttribute('#custom-login input[name=email]', 'placeholder')).toBe(
        member.email,
      )
      await roleIs(second, 'visitor')

      await first.fill('#custom-login input[name=email]', member.email)
      await first.fill('#custom-login input[name=password]', 'not-the-password')
      await first.click('#custom-login button[type=submit]')
      await first.waitForFunction(() =>
        document.querySelector('#results li')?.textContent?.includes('invalid_password'),
      )
      expect(await lastResult(first)).toContain('Wrong password.')
      await roleIs(first, 'visitor')

      demo.mock?.clearRequests()
      await first.fill('#custom-login input[name=password]', member.password)
      await first.click('#custom-login button[type=submit]')
      await roleIs(first, 'member')
      await roleIs(second, 'member')
      expect(await lastResult(first)).toContain('custom login')
      const requests = (demo.mock?.requests ?? []).map((r) => r.endpoint ?? r.grantType)
      expect(requests).toEqual(['login', 'redirect-session', 'login-page', 'authorization_code'])
      expect(await first.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0)
      // The password left the form once sent.
      expect(await first.inputValue('#custom-login input[name=password]')).toBe('')
      await first.screenshot({ path: `${SCREENSHOTS}/demo-custom-login.png` })

      await second.click('#silent-login')
      await second.waitForFunction(() =>
        document.querySelector('#results li')?.textContent?.includes('silent login'),
      )
      expect(await lastResult(second)).toContain('signed in')
    } finally {
      await context.close()
    }
  })
})
