/**
 * Silent login in real Chromium: `prompt: 'none'` through the hidden login frame, which
 * Wix (here the mock) answers from its own login cookie. It finds nobody in a fresh
 * browser, finds the member whose login this browser still carries, costs nothing when
 * the session already is a member, and runs once for two callers. The mock's cookie is
 * `SameSite=Lax`, so a page on another *site* than the mock's login page (here
 * `localhost` against `127.0.0.1`) never gets the cookie into the frame: silent login
 * there finds nobody, even right after a login.
 */
import { describe, expect, it } from 'vitest'
import {
  ADA,
  calls,
  customScene,
  expectNothingLeft,
  openCustomPageAt,
  roleEverywhere,
  whoami,
} from './support/custom-login-rig'
import { type Tab, useBrowser } from './support/tabs'

const rig = useBrowser()

const silentLogin = (tab: Tab) => tab.page.evaluate(() => window.customLogin.silentLogin())
const login = (tab: Tab) =>
  tab.page.evaluate(([email, password]) => window.customLogin.login(email, password), [
    ADA.email,
    ADA.password,
  ] as const)

describe('silent login', () => {
  it('finds nobody in a fresh browser: signed_out, the visitor kept, nothing left behind', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    const visitor = await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()
    expect(await silentLogin(tab)).toEqual({ ok: true, value: { status: 'signed_out' } })
    const requests = calls(scene.server)
    console.log(`silent login, nobody logged in: ${requests.join(', ')}`)
    expect(requests).toEqual(['redirect-session', 'login-page'])
    expect(scene.server.requests.at(-1)?.result).toBe('login_required')
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
    await expectNothingLeft(tab)
  })

  it('finds the member this browser is still logged in as on Wix, and makes every tab theirs', async () => {
    const scene = await customScene(rig)
    const tabs = [await scene.open(), await scene.open()]
    const [first, second] = tabs as [Tab, Tab]
    await roleEverywhere(tabs, 'visitor')
    expect(await login(first)).toMatchObject({ ok: true, value: { status: 'signed_in' } })
    await roleEverywhere(tabs, 'member')
    // Forgotten here (not logged out on Wix): the mock's login cookie is still in the browser.
    await first.page.evaluate(() => window.customLogin.signOut())
    const visitor = await roleEverywhere(tabs, 'visitor')
    scene.server.clearRequests()

    expect(await silentLogin(second)).toEqual({ ok: true, value: { status: 'signed_in' } })
    const member = await roleEverywhere(tabs, 'member')
    expect(member).not.toBe(visitor)
    expect((await whoami(first)).visitorId).toBe(scene.server.memberId(ADA.email))
    const requests = calls(scene.server)
    console.log(`silent login, member found by cookie: ${requests.join(', ')}`)
    expect(requests).toEqual(['redirect-session', 'login-page', 'token:authorization_code'])
    await expectNothingLeft(second)
  })

  it('costs no request when the session already is a member', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    await login(tab)
    await roleEverywhere([tab], 'member')
    scene.server.clearRequests()
    expect(await silentLogin(tab)).toEqual({ ok: true, value: { status: 'signed_in' } })
    expect(scene.server.requests).toEqual([])
    expect(await tab.page.evaluate(() => window.customLogin.frames())).toBe(0)
  })

  it('runs once for two callers at once', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()
    const both = await tab.page.evaluate(() => window.customLogin.silentLoginTwice())
    expect(both).toEqual([
      { ok: true, value: { status: 'signed_out' } },
      { ok: true, value: { status: 'signed_out' } },
    ])
    expect(calls(scene.server)).toEqual(['redirect-session', 'login-page'])
    await expectNothingLeft(tab)
  })
})

describe('silent login from another site than the login page', () => {
  // Same page server, another site: `localhost` and `127.0.0.1` are different sites.
  const crossSite = () => `http://localhost:${new URL(rig.pages().url).port}`

  it('custom login works from another site, but leaves no login cookie for a later silent login', async () => {
    const scene = await customScene(rig, { allowedOrigins: [crossSite()] })
    const tab = await openCustomPageAt(scene.context, crossSite(), scene.server)
    await roleEverywhere([tab], 'visitor')
    // The session token needs no cookie.
    expect(await login(tab)).toMatchObject({ ok: true, value: { status: 'signed_in' } })
    await roleEverywhere([tab], 'member')
    // The frame's page could not set the mock's SameSite=Lax cookie from inside another site.
    expect(await scene.context.cookies(scene.server.url)).toEqual([])
    await tab.page.evaluate(() => window.customLogin.signOut())
    await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()
    expect(await silentLogin(tab)).toEqual({ ok: true, value: { status: 'signed_out' } })
    expect(scene.server.requests.at(-1)?.result).toBe('login_required')
    await expectNothingLeft(tab)
  })

  it("never sends the login page's own-site cookie to a frame in another site's page", async () => {
    const scene = await customScene(rig, { allowedOrigins: [crossSite()] })
    const sameSite = await scene.open()
    await roleEverywhere([sameSite], 'visitor')
    expect(await login(sameSite)).toMatchObject({ ok: true, value: { status: 'signed_in' } })
    const cookies = await scene.context.cookies(scene.server.url)
    expect(cookies.map((cookie) => cookie.sameSite)).toEqual(['Lax'])

    const elsewhere = await openCustomPageAt(scene.context, crossSite(), scene.server)
    await roleEverywhere([elsewhere], 'visitor')
    scene.server.clearRequests()
    expect(await silentLogin(elsewhere)).toEqual({ ok: true, value: { status: 'signed_out' } })
    expect(scene.server.requests.at(-1)?.result).toBe('login_required')
    await expectNothingLeft(elsewhere)

    // The same cookie, from a page on the login page's own site: the member is found.
    await sameSite.page.evaluate(() => window.customLogin.signOut())
    await roleEverywhere([sameSite], 'visitor')
    expect(await silentLogin(sameSite)).toEqual({ ok: true, value: { status: 'signed_in' } })
    await roleEverywhere([sameSite], 'member')
  })
})
