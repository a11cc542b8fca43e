/**
 * `headless-session/react` in real Chromium with React 19's development build. The page is
 * rendered per request in Node with `renderToString` (the role read from the request's
 * session cookie, as a server does) and hydrated in the browser with `hydrateRoot`; the
 * tests prove that hydration reports nothing (no recoverable error, no console error or
 * warning), that the page shows no other state in between, and that the UI then follows
 * the live session: restore, mint, refresh, a sign-out in another tab. Client-only pages
 * count renders and subscriptions (also under StrictMode). Two controls prove the checks
 * can fail: hydrating without the server snapshot mismatches, and an uncached snapshot
 * makes React warn.
 */
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createCookieStore, createSession } from '../../src/index'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import { createTestCookieJar } from '../support/cookie-jar'
import { reactServer } from './support/react-server'
import { type Tab, useBrowser, value } from './support/tabs'

const server = reactServer()
const rig = useBrowser(server.render)
const PAGE = 'react'
const CACHE_WARNING = 'getSnapshot should be cached'

/**
 * A session a server wrote into the browser's cookies earlier: a visitor minted in Node, or
 * a member's tokens from the mock server imported in Node. Returns the tokens.
 */
async function plantSession(
  mock: MockWixServer,
  context: BrowserContext,
  role: 'visitor' | 'member',
) {
  const jar = createTestCookieJar()
  const onServer = createSession({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: mock.tokenUrl,
    storage: createCookieStore({ document: jar }),
  }).start()
  if (role === 'member') {
    const member = mock.createMemberTokens()
    await onServer.importTokens({
      accessToken: member.access_token,
      refreshToken: member.refresh_token,
      expiresAt: Date.now() + member.expires_in * 1000,
      role: 'member',
    })
  }
  const tokens = await onServer.getTokens()
  onServer.stop()
  await context.addCookies(
    [...jar.cookies].map(([name, cookie]) => ({ name, value: cookie, url: rig.pages().url })),
  )
  return tokens
}

/** Console errors and warnings of every page of the context, from before the first load. */
function consoleProblems(context: BrowserContext): string[] {
  const problems: string[] = []
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`)
    }
  })
  return problems
}

const text = (tab: Tab, id: string) => tab.page.locator(`#${id}`).textContent()
const hydrated = (tab: Tab) => tab.page.waitForFunction(() => window.reactPage.hydrated())
const reactPage = (tab: Tab) =>
  tab.page.evaluate(() => ({
    recoverableErrors: window.reactPage.recoverableErrors(),
    shown: window.reactPage.shown(),
    rendered: window.reactPage.rendered(),
  }))
const ofGrant = (mock: MockWixServer, grant: string) =>
  mock.requests.filter((request) => request.grantType === grant)

/** No value rendered twice in a row: every render of the line was for a change. */
function repeats(values: string[]): string[] {
  return values.filter((rendered, index) => index > 0 && rendered === values[index - 1])
}

describe('hydrating what the server rendered', () => {
  it.each([
    ['member', 0],
    ['visitor', 0],
    ['member', 400],
    ['visitor', 400],
  ] as const)(
    'a page the server rendered for a %s hydrates with no error or warning and never shows another state (cookie read after %i ms)',
    async (role, storeDelay) => {
      const { server: mock, context, open } = await rig.scene()
      const tokens = await plantSession(mock, context, role)
      const requestsBefore = mock.requests.length
      const problems = consoleProblems(context)

      const tab = await open({ storeDelay }, PAGE)
      await hydrated(tab)
      await tab.reach('active')

      const rendered = server.renders.at(-1)
      expect(rendered?.serverSnapshot).toMatchObject({ role, sessionId: tokens.sessionId })
      expect(rendered?.html).toContain(`<p id="role">${role}</p>`)
      const html = await tab.page.content()
      for (const secret of [tokens.accessToken, tokens.refreshToken]) {
        expect(rendered?.html).not.toContain(secret)
        expect(html).not.toContain(secret)
      }
      const page = await reactPage(tab)
      expect(page.recoverableErrors).toEqual([])
      expect(problems).toEqual([])
      // From the server's HTML to the restored session, one view only: no flash.
      expect(page.shown).toEqual([`${role} | active | ${tokens.sessionId}`])
      expect(await text(tab, 'role')).toBe(role)
      // Restored from the cookie: the page asked Wix for nothing.
      expect(mock.requests).toHaveLength(requestsBefore)
      expect(tab.errors).toEqual([])
    },
  )

  it("a member's page follows the live session: a refresh, then a sign-out in another tab", async () => {
    const { server: mock, context, open } = await rig.scene()
    const tokens = await plantSession(mock, context, 'member')
    const problems = consoleProblems(context)
    const tab = await open({}, PAGE)
    await hydrated(tab)
    await tab.reach('active')
    const expiresAt = await tab.page.locator('#visitor').getAttribute('data-expires-at')
    const rolesBefore = (await reactPage(tab)).rendered.role.length

    value(await tab.refresh())
    await tab.page.waitForFunction(
      (before) => document.getElementById('visitor')?.dataset.expiresAt !== before,
      expiresAt,
    )
    expect(ofGrant(mock, 'refresh_token')).toHaveLength(1)
    expect(await text(tab, 'role')).toBe('member')
    expect(await text(tab, 'state')).toBe('active')
    // The refresh changed nothing the role line selects: it did not render again.
    expect((await reactPage(tab)).rendered.role).toHaveLength(rolesBefore)

    const other = await open({}, PAGE)
    await hydrated(other)
    value(await other.signOut())
    await tab.page.waitForFunction((old) => {
      const visitor = document.getElementById('visitor')?.textContent
      return document.getElementById('role')?.textContent === 'visitor' && visitor !== old
    }, tokens.sessionId)
    await tab.reach('active')
    expect(await text(tab, 'state')).toBe('active')
    expect(await text(tab, 'visitor')).toBe((await tab.snapshot()).sessionId)
    expect(ofGrant(mock, 'anonymous')).toHaveLength(1)
    const page = await reactPage(tab)
    expect(page.recoverableErrors).toEqual([])
    expect(repeats(page.rendered.role)).toEqual([])
    expect(problems).toEqual([])
  })

  it('a page the server rendered with no session hydrates as idle, then shows the visitor the browser mints', async () => {
    const { server: mock, context, open } = await rig.scene()
    const problems = consoleProblems(context)
    const tab = await open({}, PAGE)
    await hydrated(tab)
    await tab.reach('active')
    await tab.page.waitForFunction(() => document.getElementById('state')?.textContent === 'active')

    expect(server.renders.at(-1)?.serverSnapshot).toMatchObject({ state: 'idle', role: null })
    const { sessionId } = await tab.snapshot()
    expect(await text(tab, 'role')).toBe('visitor')
    expect(await text(tab, 'visitor')).toBe(sessionId)
    const page = await reactPage(tab)
    expect(page.shown[0]).toBe('nobody | idle | none')
    expect(page.shown.at(-1)).toBe(`visitor | active | ${sessionId}`)
    expect(page.recoverableErrors).toEqual([])
    expect(problems).toEqual([])
    expect(ofGrant(mock, 'anonymous')).toHaveLength(1)
  })

  it('control: hydrating without the server snapshot is a mismatch React reports', async () => {
    const { server: mock, context, open } = await rig.scene()
    await plantSession(mock, context, 'member')
    const tab = await open({ hydrateWith: 'nothing' }, PAGE)
    await tab.reach('active')
    const { recoverableErrors } = await tab.page.evaluate(() => ({
      recoverableErrors: window.reactPage.recoverableErrors(),
    }))
    expect(recoverableErrors.join('\n')).toMatch(/hydrat/i)
  })
})

describe('rendering in the browser', () => {
  it('a selector renders again only when what it selects changes, through a mint and two refreshes', async () => {
    const { server: mock, context, open } = await rig.scene()
    const problems = consoleProblems(context)
    const tab = await open({ mode: 'client' }, PAGE)
    await tab.reach('active')
    for (let refresh = 0; refresh < 2; refresh++) {
      const before = (await tab.snapshot()).expiresAt
      value(await tab.refresh())
      await tab.page.waitForFunction(
        (previous) => document.getElementById('visitor')?.dataset.expiresAt !== String(previous),
        before,
      )
    }
    expect(ofGrant(mock, 'refresh_token')).toHaveLength(2)
    const { rendered } = await reactPage(tab)
    const { sessionId } = await tab.snapshot()
    console.log(
      `renders: role ${rendered.role.length}, who ${rendered.who.length}, visitor ${rendered.visitor.length}, state ${rendered.state.length}`,
    )
    expect(rendered.role).toEqual(['null', 'visitor'])
    expect(rendered.who).toEqual(['null null', `visitor ${sessionId}`])
    // The whole snapshot renders for each snapshot published (never more), the rest only
    // when their pick changes.
    const published = await tab.page.evaluate(() => window.testPage.snapshots().length)
    expect(rendered.visitor.length).toBeGreaterThan(rendered.role.length)
    expect(rendered.visitor.length).toBeLessThanOrEqual(published)
    for (const line of Object.values(rendered)) expect(repeats(line)).toEqual([])
    // The session went through states the role line does not select, without rendering it.
    expect(rendered.state).toEqual(expect.arrayContaining(['anonymous', 'active', 'refreshing']))
    expect(rendered.state.length).toBeGreaterThan(rendered.role.length + 3)
    expect(problems).toEqual([])
  })

  it('under StrictMode, each hook holds one subscription, follows the session and leaves none after unmount', async () => {
    const { context, open } = await rig.scene()
    const problems = consoleProblems(context)
    const tab = await open({ mode: 'strict' }, PAGE)
    await tab.reach('active')
    await tab.page.waitForFunction(() => document.getElementById('state')?.textContent === 'active')
    const mounted = await tab.page.evaluate(() => window.reactPage.subscriptions())
    // Four lines, one hook each; StrictMode subscribed, unsubscribed and subscribed again.
    expect(mounted.live).toBe(4)
    expect(mounted.calls).toBeGreaterThanOrEqual(8)

    const before = await tab.page.locator('#visitor').getAttribute('data-expires-at')
    value(await tab.refresh())
    await tab.page.waitForFunction(
      (previous) => document.getElementById('visitor')?.dataset.expiresAt !== previous,
      before,
    )
    expect(await tab.page.evaluate(() => window.reactPage.subscriptions().live)).toBe(4)

    await tab.page.evaluate(() => window.reactPage.unmount())
    expect(await tab.page.evaluate(() => window.reactPage.subscriptions().live)).toBe(0)
    expect(problems).toEqual([])
    expect(tab.errors).toEqual([])
  })

  it('control: a raw useSyncExternalStore whose snapshot is a new object every time makes React warn', async () => {
    const { context, open } = await rig.scene()
    const problems = consoleProblems(context)
    await open({ mode: 'uncached' }, PAGE)
    await expect.poll(() => problems.join('\n'), { timeout: 10_000 }).toContain(CACHE_WARNING)
  })
})
