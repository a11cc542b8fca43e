/**
 * The hidden login frame of a custom login, in real Chromium, under attack and in
 * trouble. Forged answers (from the page itself, from a frame of another origin, from
 * another frame of Wix's own origin, and from Wix's frame with the wrong state) are all
 * ignored while the real answer is on its way; an answer that never comes ends in
 * `login_timeout` within `loginTimeout`; an abandoned login ends at once. Whatever
 * happens, the frame and the `message` listener are gone afterwards.
 */
import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SeenMessage } from './pages/message-watch'
import {
  ADA,
  calls,
  customScene,
  expectNothingLeft,
  openCustomPageAt,
  roleEverywhere,
  whoami,
} from './support/custom-login-rig'
import { type PageServer, startPageServer } from './support/page-server'
import { eventually, type Tab, useBrowser } from './support/tabs'

const rig = useBrowser()
// Another origin (another port), which the mock is not told about.
let stranger: PageServer | undefined
beforeAll(async () => {
  stranger = await startPageServer()
})
afterAll(() => stranger?.close())
const strangerUrl = () => stranger?.url ?? ''

/** The `state` of the next login redirect session the page creates. */
/** Starts the test member's login in `page` (not waiting for it) and returns its `state`. */
async function startAdasLogin(page: Page): Promise<string> {
  const state = nextLoginState(page)
  await page.evaluate(([email, password]) => window.customLogin.startLogin(email, password), [
    ADA.email,
    ADA.password,
  ] as const)
  return state
}

function nextLoginState(page: Page): Promise<string> {
  return new Promise((resolve) => {
    const watch = (request: Request) => {
      if (!request.url().endsWith('/redirect-session') || request.method() !== 'POST') return
      page.off('request', watch)
      resolve(
        (request.postDataJSON() as { auth: { authRequest: { state: string } } }).auth.authRequest
          .state,
      )
    }
    page.on('request', watch)
  })
}

/** Load `src` in a frame of the page, marked as a forger's, and post `message` from it. */
async function postFromFrame(page: Page, src: string, message: Record<string, string>) {
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe')
        frame.dataset.forger = 'true'
        frame.addEventListener('load', () => resolve(), { once: true })
        frame.src = url
        document.body.appendChild(frame)
      }),
    src,
  )
  const frame = page.frames().find((candidate) => candidate.url() === src)
  if (!frame) throw new Error(`no frame at ${src}`)
  await frame.evaluate((data) => window.parent.postMessage(data, '*'), message)
}

const removeForgers = (page: Page) =>
  page.evaluate(() => {
    for (const frame of document.querySelectorAll('iframe[data-forger]')) frame.remove()
  })

async function finished(tab: Tab, timeout = 10_000) {
  await tab.page.waitForFunction(() => window.customLogin.finished() !== null, null, { timeout })
  const result = await tab.page.evaluate(() => window.customLogin.finished())
  if (!result) throw new Error('the login did not finish')
  return result
}

describe('forged answers while the real one is on its way', () => {
  it('are all ignored, and the real answer logs the member in with one code exchange', async () => {
    const scene = await customScene(rig)
    // Wix's frame, with our origin and as our frame, but answering another login's state.
    await scene.context.addInitScript(
      ({ wix }) => {
        if (location.origin === wix && location.pathname === '/__wix/login') {
          window.parent.postMessage({ code: 'forged-wrong-state', state: 'another-login' }, '*')
          window.parent.postMessage('not an answer at all', '*')
        }
      },
      { wix: scene.server.url },
    )
    const tab = await scene.open()
    await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()
    // The real answer comes late enough for every forgery to arrive first.
    scene.server.injectFault({ endpoint: 'login-page', delayMs: 1500 })

    const real = await startAdasLogin(tab.page)
    await tab.page.waitForFunction(() => window.customLogin.frames() === 1)
    await tab.page.evaluate(
      (s) => window.postMessage({ code: 'forged-by-the-page', state: s }, '*'),
      real,
    )
    await postFromFrame(tab.page, `${strangerUrl()}/message-listener.html`, {
      code: 'forged-from-another-origin',
      state: real,
    })
    await postFromFrame(tab.page, `${scene.server.url}/__wix/logout?session=forger`, {
      code: 'forged-from-another-wix-frame',
      state: real,
    })
    expect(await tab.page.evaluate(() => window.customLogin.finished())).toBeNull()
    await removeForgers(tab.page)

    const { outcome } = await finished(tab)
    expect(outcome).toMatchObject({ ok: true, value: { status: 'signed_in' } })
    await roleEverywhere([tab], 'member')
    expect((await whoami(tab)).visitorId).toBe(scene.server.memberId(ADA.email))
    const exchanges = scene.server.requests.filter((r) => r.grantType === 'authorization_code')
    expect(exchanges.map((r) => r.outcome)).toEqual(['issued'])

    // Every forgery did reach the page, before the real answer.
    const seen: SeenMessage[] = await tab.page.evaluate(() => window.customLogin.messages())
    const summary = seen.map(
      (m) =>
        `${m.origin === scene.server.url ? 'wix' : m.origin === new URL(strangerUrl()).origin ? 'stranger' : 'page'}:${m.state === real ? 'state' : m.state}:${m.hasCode}`,
    )
    expect(summary).toEqual([
      'page:state:true',
      'stranger:state:true',
      'wix:state:true',
      'wix:another-login:true',
      'wix:null:false',
      'wix:state:true',
    ])
    await expectNothingLeft(tab)
    expect(tab.errors).toEqual([])
  })
})

describe('an answer that never comes', () => {
  it('ends in login_timeout within loginTimeout, forged answers or not, with nothing left behind', async () => {
    const scene = await customScene(rig)
    const tab = await openCustomPageAt(scene.context, strangerUrl(), scene.server, {
      loginTimeout: '1000',
    })
    const visitor = await roleEverywhere([tab], 'visitor')
    scene.server.clearRequests()

    const real = await startAdasLogin(tab.page)
    await tab.page.waitForFunction(() => window.customLogin.frames() === 1)
    // The right state from Wix's origin, but not from our frame: still not the answer.
    await postFromFrame(tab.page, `${scene.server.url}/__wix/logout?session=forger`, {
      code: 'forged-from-another-wix-frame',
      state: real,
    })
    await removeForgers(tab.page)

    const { outcome, ms } = await finished(tab)
    console.log(`login frame with no answer: login_timeout after ${ms} ms (loginTimeout 1000 ms)`)
    expect(outcome).toMatchObject({ ok: false, code: 'login_timeout' })
    expect(ms).toBeGreaterThanOrEqual(1000)
    expect(ms).toBeLessThan(2500)
    // Wix's page did run and log the member in: only its message was withheld from this origin.
    expect(calls(scene.server)).toEqual(['login', 'redirect-session', 'login-page', 'logout-page'])
    expect(scene.server.requests.find((r) => r.endpoint === 'login-page')?.result).toBe('code')
    await expectNothingLeft(tab)
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
  })

  it('ignores our own frame once it is sent to another origin, even with the right state', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open({ loginTimeout: 1500 })
    const visitor = await roleEverywhere([tab], 'visitor')
    // Wix's page, as if it redirected the frame to a site of someone else's.
    const elsewhere = `${strangerUrl()}/message-listener.html`
    await tab.page.route(`${scene.server.url}/__wix/login?**`, (route) =>
      route.fulfill({ status: 302, headers: { location: elsewhere } }),
    )
    const real = await startAdasLogin(tab.page)
    const frame = await eventually(() => tab.page.frames().find((f) => f.url() === elsewhere))
    await frame.waitForLoadState()
    await frame.evaluate(
      (s) => window.parent.postMessage({ code: 'forged-after-a-redirect', state: s }, '*'),
      real,
    )

    const { outcome } = await finished(tab)
    expect(outcome).toMatchObject({ ok: false, code: 'login_timeout' })
    const seen = await tab.page.evaluate(() => window.customLogin.messages())
    expect(seen).toEqual([
      { origin: new URL(strangerUrl()).origin, state: real, hasCode: true, fromFrame: true },
    ])
    expect(calls(scene.server)).not.toContain('token:authorization_code')
    await expectNothingLeft(tab)
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
  })

  it("says login_failed when Wix's frame refuses the session token, and keeps the visitor", async () => {
    // The session token lives a second; the frame's page is made to load later than that.
    const scene = await customScene(rig, { codeLifetime: 1 })
    const tab = await scene.open()
    const visitor = await roleEverywhere([tab], 'visitor')
    scene.server.injectFault({ endpoint: 'login-page', delayMs: 1300 })
    const outcome = await tab.page.evaluate(
      ([email, password]) => window.customLogin.login(email, password),
      [ADA.email, ADA.password] as const,
    )
    expect(outcome).toMatchObject({ ok: false, code: 'login_failed' })
    expect(outcome.ok === false && outcome.message).toContain('login_required')
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
    await expectNothingLeft(tab)
  })
})

describe('an abandoned login', () => {
  it('ends at once with aborted, the frame and the listener gone, the visitor kept', async () => {
    const scene = await customScene(rig)
    const tab = await scene.open()
    const visitor = await roleEverywhere([tab], 'visitor')
    scene.server.injectFault({ endpoint: 'login-page', delayMs: 3000 })
    await tab.page.evaluate(([email, password]) => window.customLogin.startLogin(email, password), [
      ADA.email,
      ADA.password,
    ] as const)
    await tab.page.waitForFunction(() => window.customLogin.frames() === 1)
    const abortedAt = Date.now()
    await tab.page.evaluate(() => window.customLogin.abortLogin())
    const { outcome } = await finished(tab)
    expect(outcome).toMatchObject({ ok: false, code: 'aborted' })
    expect(Date.now() - abortedAt).toBeLessThan(1000)
    await expectNothingLeft(tab)
    expect(await roleEverywhere([tab], 'visitor')).toBe(visitor)
    // The browser cancelled the frame's page: Wix's mock never processed it.
    const framePage = await eventually(() => {
      const record = scene.server.requests.find((r) => r.endpoint === 'login-page')
      return record && record.outcome !== 'pending' ? record : undefined
    })
    expect(framePage.outcome).toBe('aborted')
    expect(calls(scene.server)).not.toContain('token:authorization_code')
  })
})
