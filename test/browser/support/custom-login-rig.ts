/**
 * What the custom-login browser tests share: a scene with the test members and the custom
 * login page, tabs of that page, the mock's request log named the way a reader counts
 * requests, and the secrets that crossed the wire (read off the browser's own traffic) to
 * search for in everything the page could show or log.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import {
  MOCK_CLIENT_ID,
  type MockMember,
  type MockWixServer,
  type MockWixServerOptions,
} from '../../../src/testing/index'
import { type BrowserRig, eventually, Tab } from './tabs'

export const ADA = { email: 'ada@example.com', password: 'analytical' }
export const UNVERIFIED = {
  email: 'new@example.com',
  password: 'verify-me',
  requireEmailVerification: true,
}
export const UNAPPROVED = {
  email: 'pending@example.com',
  password: 'approve-me',
  requireOwnerApproval: true,
}
export const EXPIRED = { email: 'old@example.com', password: 'reset-me-1', mustResetPassword: true }
const MEMBERS: MockMember[] = [ADA, UNVERIFIED, UNAPPROVED, EXPIRED]

/**
 * The mock with the test members, allowing the page server's origin (as the origin of the
 * page's redirect URI), and a way to open tabs of the custom login page on any origin.
 */
export async function customScene(rig: BrowserRig, serverOptions: MockWixServerOptions = {}) {
  const page = `${rig.pages().url}/custom-login.html`
  const scene = await rig.scene({ members: MEMBERS, redirectUris: [page], ...serverOptions })
  const wire = watchTheWire(scene.context, scene.server)
  const open = (params: Record<string, string | number> = {}) =>
    scene.open({ loginTimeout: 3000, ...params }, 'custom-login')
  return { ...scene, open, wire }
}

/**
 * A tab of the custom login page served from `base` (another origin than the page
 * server's, e.g. `http://localhost:…` or a second page server).
 */
export async function openCustomPageAt(
  context: BrowserContext,
  base: string,
  server: MockWixServer,
  params: Record<string, string> = {},
): Promise<Tab> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  const query = new URLSearchParams({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    loginTimeout: '3000',
    ...params,
  })
  await page.goto(`${base}/custom-login.html?${query}`)
  await page.waitForFunction(() => window.testPage !== undefined)
  return new Tab(page, errors)
}

/** Token and member-side requests, as `token:<grant>` or the endpoint's name. */
export function calls(server: MockWixServer): string[] {
  return server.requests.map((record) =>
    'endpoint' in record && record.endpoint ? record.endpoint : `token:${record.grantType}`,
  )
}

/** Wait until every tab holds an active session of `role`, all the same one. */
export async function roleEverywhere(tabs: Tab[], role: 'visitor' | 'member') {
  return eventually(async () => {
    const snapshots = await Promise.all(tabs.map((tab) => tab.snapshot()))
    const first = snapshots[0]?.sessionId
    const same = snapshots.every(
      (snapshot) =>
        snapshot.state === 'active' && snapshot.role === role && snapshot.sessionId === first,
    )
    return same ? first : undefined
  })
}

/** Who the mock says the tab's current token belongs to. */
export async function whoami(tab: Tab) {
  const outcome = await tab.page.evaluate(() => window.customLogin.whoami())
  if (!outcome.ok) throw new Error(`whoami failed: ${outcome.code}`)
  return outcome.value
}

/** The page left no iframe and no `message` listener behind. */
export async function expectNothingLeft(tab: Tab) {
  expect(await tab.page.evaluate(() => window.customLogin.frames())).toBe(0)
  expect(await tab.page.evaluate(() => window.customLogin.listeners())).toBe(0)
}

/**
 * Every secret the browser sent to or got from the mock: passwords and captcha tokens in
 * request bodies, session and state tokens in custom-login answers, the code in the login
 * frame's page, verifiers in token requests, and every token the token endpoint issued.
 */
export function watchTheWire(context: BrowserContext, server: MockWixServer) {
  const secrets = new Set<string>()
  const reading: Promise<void>[] = []
  const keep = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 8) secrets.add(value)
  }
  context.on('request', (request) => {
    if (!request.url().startsWith(server.url) || request.method() !== 'POST') return
    const body = (safeJson(request.postData()) ?? {}) as Record<string, unknown>
    for (const name of ['password', 'codeVerifier', 'code', 'refreshToken', 'stateToken']) {
      keep(body[name])
    }
    for (const captcha of (body.captchaTokens as Record<string, unknown>[] | undefined) ?? []) {
      keep(captcha.Recaptcha)
    }
    const authRequest = (body.auth as { authRequest?: Record<string, unknown> } | undefined)
      ?.authRequest
    keep(authRequest?.sessionToken)
  })
  context.on('response', (response) => {
    if (!response.url().startsWith(server.url)) return
    reading.push(
      response.text().then(
        (text) => {
          const data = (safeJson(text) ?? {}) as Record<string, unknown>
          for (const name of ['sessionToken', 'stateToken', 'access_token', 'refresh_token']) {
            keep(data[name])
          }
          // The login frame's page carries the code in its script.
          if (text.startsWith('<!doctype html>')) {
            for (const match of text.matchAll(/"code":"([^"]+)"/g)) keep(match[1])
          }
        },
        () => undefined,
      ),
    )
  })
  return {
    /** Everything secret seen so far (wait for the last responses to be read). */
    async secrets(): Promise<string[]> {
      await Promise.all(reading)
      return [...secrets]
    },
  }
}

function safeJson(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Console lines of a page, as an app's log collector would get them. */
export function consoleOf(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (message) => lines.push(message.text()))
  return lines
}
