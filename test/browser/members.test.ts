/**
 * Members in real Chromium: three tabs of one browser, a login through the mock Wix
 * server's own login form in one of them, a reload, a logout in another, and callbacks
 * that are wrong in every way a callback can be. The mock's request log counts what each
 * step cost.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { MockWixServer } from '../../src/testing/index'
import { eventually, type Tab, useBrowser } from './support/tabs'

const ADA = { email: 'ada@example.com', password: 'analytical' }
const rig = useBrowser()

async function membersScene(options: { autoLogin?: string } = {}) {
  const callback = `${rig.pages().url}/members.html`
  const scene = await rig.scene({ members: [ADA], redirectUris: [callback], ...options })
  const open = () => scene.open({}, 'members')
  return { ...scene, callback, open }
}

/** Token and member-side requests, as `grant` or `endpoint` names. */
function calls(server: MockWixServer): string[] {
  return server.requests.map((record) =>
    'endpoint' in record && record.endpoint ? record.endpoint : `token:${record.grantType}`,
  )
}

async function outcome<T>(page: Page, work: (page: Page) => Promise<T>) {
  return work(page)
}

async function loginUrl(tab: Tab): Promise<string> {
  const result = await tab.page.evaluate(() => window.membersPage.loginUrl())
  if (!result.ok) throw new Error(`loginUrl failed: ${result.code}`)
  return result.value
}

/** Wait for the page (back from Wix) to finish its login; its outcome. */
async function completion(tab: Tab) {
  await tab.page.waitForFunction(
    () => window.membersPage?.isCallback() === true && window.membersPage.completed() !== null,
    null,
    { timeout: 10_000 },
  )
  return outcome(tab.page, (page) => page.evaluate(() => window.membersPage.completed()))
}

/** Where Wix's (auto-login) page sends the browser back, followed from Node. */
async function followOutside(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' })
  await response.arrayBuffer()
  return new URL(response.headers.get('location') ?? '', url)
}

async function sessionIdOf(tab: Tab) {
  return (await tab.snapshot()).sessionId
}

async function roleEverywhere(tabs: Tab[], role: string, sessionId?: string | null) {
  await eventually(async () => {
    const snapshots = await Promise.all(tabs.map((tab) => tab.snapshot()))
    const ok = snapshots.every(
      (snapshot) =>
        snapshot.state === 'active' &&
        snapshot.role === role &&
        (sessionId === undefined || snapshot.sessionId === sessionId) &&
        snapshot.sessionId === snapshots[0]?.sessionId,
    )
    return ok ? true : undefined
  })
}

describe('three tabs, one member', () => {
  it('a login through the form in one tab makes all three (and one opened meanwhile) the member, with one code exchange', async () => {
    const scene = await membersScene()
    const tabs = [await scene.open(), await scene.open(), await scene.open()]
    await roleEverywhere(tabs, 'visitor')
    const visitor = await sessionIdOf(tabs[0] as Tab)
    const [first, second, third] = tabs as [Tab, Tab, Tab]
    scene.server.clearRequests()

    await first.page.goto(await loginUrl(first))
    // A tab opened while the first one is away at Wix's login page.
    const late = await scene.open()
    await roleEverywhere([late], 'visitor', visitor)
    await first.page.fill('input[name=email]', ADA.email)
    await first.page.fill('input[name=password]', ADA.password)
    await first.page.click('button[type=submit], input[type=submit]')
    expect(await completion(first)).toEqual({ ok: true, value: { returnTo: '/' } })
    // The code left the address bar as soon as it was read.
    expect(await first.page.evaluate(() => location.href)).toBe(scene.callback)

    await roleEverywhere([...tabs, late], 'member')
    expect(await sessionIdOf(first)).not.toBe(visitor)
    const requests = calls(scene.server)
    console.log(`login with 3 tabs: ${requests.join(', ')}`)
    expect(requests.filter((name) => name === 'token:authorization_code')).toHaveLength(1)
    expect(requests.filter((name) => name.startsWith('token:'))).toEqual([
      'token:authorization_code',
    ])
    expect(requests.filter((name) => name === 'redirect-session')).toHaveLength(1)

    scene.server.clearRequests()
    await second.reload()
    await roleEverywhere([second], 'member', await sessionIdOf(first))
    expect(scene.server.requests).toHaveLength(0)

    const logout = await third.page.evaluate(
      (postFlowUrl) => window.membersPage.logoutUrl(postFlowUrl),
      scene.callback,
    )
    if (!logout.ok) throw new Error(`logoutUrl failed: ${logout.code}`)
    await third.page.goto(logout.value)
    await third.page.waitForURL(scene.callback)
    await third.page.waitForFunction(() => window.membersPage !== undefined)
    await roleEverywhere([...tabs, late], 'visitor')
    const after = calls(scene.server)
    console.log(`logout with 3 tabs: ${after.join(', ')}`)
    expect(after.filter((name) => name === 'token:anonymous')).toHaveLength(1)
    expect(after.filter((name) => name.startsWith('token:'))).toEqual(['token:anonymous'])
    expect(after.filter((name) => name === 'redirect-session')).toHaveLength(1)
    for (const tab of [...tabs, late]) expect(tab.errors).toEqual([])
  })
})

describe('callbacks that are refused, the session kept', () => {
  it('refuses a forged state, and cleans the address bar anyway', async () => {
    const scene = await membersScene({ autoLogin: ADA.email })
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    const visitor = await sessionIdOf(tab)
    await loginUrl(tab)
    await tab.page.goto(`${scene.callback}#code=made-up&state=forged`)
    expect(await completion(tab)).toMatchObject({ ok: false, code: 'login_state_mismatch' })
    expect(await tab.page.evaluate(() => location.href)).toBe(scene.callback)
    await roleEverywhere([tab], 'visitor', visitor)
    expect(calls(scene.server)).not.toContain('token:authorization_code')
  })

  it('refuses a replayed callback after a login', async () => {
    const scene = await membersScene({ autoLogin: ADA.email })
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    const callbackWithCode = await followOutside(await loginUrl(tab))
    await tab.page.goto(callbackWithCode.href)
    expect(await completion(tab)).toMatchObject({ ok: true })
    await roleEverywhere([tab], 'member')
    const member = await sessionIdOf(tab)

    await tab.page.goto('about:blank')
    await tab.page.goto(callbackWithCode.href)
    expect(await completion(tab)).toMatchObject({ ok: false, code: 'login_state_mismatch' })
    await roleEverywhere([tab], 'member', member)
    expect(calls(scene.server).filter((name) => name === 'token:authorization_code')).toHaveLength(
      1,
    )
  })

  it('refuses a code swapped in from another login', async () => {
    const scene = await membersScene({ autoLogin: ADA.email })
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    const visitor = await sessionIdOf(tab)
    // Follow two logins' URLs outside the page, so the page completes neither.
    const first = await followOutside(await loginUrl(tab))
    const second = await followOutside(await loginUrl(tab))
    const codeOf = (url: URL) => new URLSearchParams(url.hash.slice(1)).get('code')
    const stateOf = (url: URL) => new URLSearchParams(url.hash.slice(1)).get('state')
    await tab.page.goto(`${scene.callback}#code=${codeOf(first)}&state=${stateOf(second)}`)
    expect(await completion(tab)).toMatchObject({ ok: false, code: 'login_code_rejected' })
    await roleEverywhere([tab], 'visitor', visitor)
  })

  it('says the member cancelled, and keeps the visitor', async () => {
    const scene = await membersScene()
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    const visitor = await sessionIdOf(tab)
    await tab.page.goto(await loginUrl(tab))
    await tab.page.click('[data-testid=login-cancel]')
    expect(await completion(tab)).toMatchObject({ ok: false, code: 'login_cancelled' })
    await roleEverywhere([tab], 'visitor', visitor)
  })
})
