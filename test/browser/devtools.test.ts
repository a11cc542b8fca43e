/**
 * The devtools panel in real Chromium, mounted on pages that load the built
 * `headless-session/devtools`, against the mock Wix server: what it shows of one session,
 * how panels in several tabs find each other, and what they refuse to show.
 */
import { describe, expect, it } from 'vitest'
import { tokenFingerprint } from '../../src/fingerprint'
import { type PanelView, panelUntil, readPanel } from './support/devtools-panel'
import { useBrowser, value } from './support/tabs'

const rig = useBrowser()

describe('the devtools panel', () => {
  it('shows the live state, the token fingerprint, the chart highlight and the event log', async () => {
    const { open } = await rig.scene({ accessTokenLifetime: 60 })
    const tab = await open({}, 'devtools')
    const tokens = value(await tab.tokenSet())
    const view = await panelUntil(tab.page, (v) => v.state === 'active', 'active')

    expect(view.fingerprint).toBe(tokenFingerprint(tokens.accessToken))
    expect(view.current).toEqual(['active'])
    expect(view.countdown).toMatch(/^expires in \d+\.\d s · refresh in \d+\.\d s$/)
    expect(view.log).toEqual(
      expect.arrayContaining([
        'restoring.reading',
        'anonymous.requesting',
        'done: requestTokens',
        `tokensChanged: minted → ${view.fingerprint}`,
        'active',
      ]),
    )
    // Neither token is anywhere in the panel.
    expect(view.html).not.toContain(tokens.accessToken)
    expect(view.html).not.toContain(tokens.refreshToken)
    expect(tab.errors).toEqual([])
  })

  it('follows a refresh: new fingerprint, the states passed through, and who led it', async () => {
    const { open } = await rig.scene({ accessTokenLifetime: 60 })
    const tab = await open({}, 'devtools')
    const first = await panelUntil(tab.page, (v) => v.state === 'active', 'active')
    const refreshed = value(await tab.refresh())
    const view = await panelUntil(
      tab.page,
      (v) => v.fingerprint === tokenFingerprint(refreshed),
      'the refreshed fingerprint',
    )
    expect(view.fingerprint).not.toBe(first.fingerprint)
    expect(view.log).toEqual(
      expect.arrayContaining(['REFRESH', 'expiring.awaitingLeadership', 'refreshing.requesting']),
    )
    expect(view.tabs).toHaveLength(1)
    expect(view.tabs[0]?.text).toContain('led the last refresh')
  })

  it('lists every tab of the app with its state and fingerprint, and the one that led', async () => {
    const { open } = await rig.scene({ accessTokenLifetime: 60 })
    const first = await open({ title: 'first' }, 'devtools')
    await panelUntil(first.page, (v) => v.state === 'active', 'active')
    const second = await open({ title: 'second' }, 'devtools')
    const token = value(await second.token())

    // Panels redraw within a frame of hearing a change: wait until both show both tabs settled.
    const settled = (v: PanelView) =>
      v.tabs.length === 2 && v.tabs.every((row) => row.fingerprint === tokenFingerprint(token))
    const fromSecond = await panelUntil(second.page, settled, 'two tabs with one fingerprint')
    const fromFirst = await panelUntil(first.page, settled, 'two tabs with one fingerprint')
    const firstId = fromFirst.tabs.find((row) => row.self)?.tabId
    const secondId = fromSecond.tabs.find((row) => row.self)?.tabId
    expect(firstId).toBeDefined()
    expect(secondId).toBeDefined()
    expect(fromFirst.tabs.map((row) => row.tabId).sort()).toEqual([firstId, secondId].sort())
    expect(fromSecond.tabs.map((row) => row.tabId).sort()).toEqual([firstId, secondId].sort())
    // The first tab minted; the second adopted the stored session.
    const minter = fromSecond.tabs.find((row) => row.tabId === firstId)
    expect(minter?.text).toContain('led the last mint')
    expect(minter?.text).toContain('first')

    // The second tab refreshes: both panels now name it as the leader.
    const refreshed = value(await second.refresh())
    for (const tab of [first, second]) {
      const view = await panelUntil(
        tab.page,
        (v) =>
          v.tabs.every((row) => row.fingerprint === tokenFingerprint(refreshed)) &&
          v.tabs.some((row) => row.tabId === secondId && row.text.includes('led the last refresh')),
        'the second tab leading the refresh',
      )
      expect(view.tabs.filter((row) => row.text.includes('led the last'))).toHaveLength(1)
    }

    await second.page.close()
    await panelUntil(first.page, (v) => v.tabs.length === 1, 'the closed tab gone', 3_000)
  })

  it('ignores malformed messages on its channel and shows forged text as text', async () => {
    const { open } = await rig.scene()
    const tab = await open({}, 'devtools')
    await panelUntil(tab.page, (v) => v.state === 'active', 'active')
    await tab.page.evaluate(() => {
      const channel = new BroadcastChannel('headless-session-devtools:mock-client-id')
      const status = {
        state: 'active',
        detail: 'active',
        fingerprint: 'fp_0badc0de',
        sessionId: null,
        expiresAt: null,
        lastLed: null,
        title: '<img src=x onerror="window.pwned=1">',
        visible: true,
      }
      channel.postMessage({ v: 1, type: 'status', from: 'forged', ask: false, status })
      channel.postMessage({
        v: 1,
        type: 'status',
        from: 'broken',
        ask: false,
        status: { ...status, fingerprint: 'OauthNG.JWS.x' },
      })
      channel.postMessage({ v: 2, type: 'status', from: 'future', ask: false, status })
      channel.postMessage('nonsense')
      channel.close()
    })
    const view = await panelUntil(tab.page, (v) => v.tabs.length === 2, 'the forged tab')
    expect(view.tabs.map((row) => row.tabId)).toContain('forged')
    expect(view.tabs.find((row) => row.tabId === 'forged')?.text).toContain('<img src=x')
    expect(view.html).not.toContain('<img')
    expect(await tab.page.evaluate(() => 'pwned' in window)).toBe(false)
  })

  it('unmounts completely: the host element goes and other panels hear a goodbye', async () => {
    const { open } = await rig.scene()
    const [first, second] = [await open({}, 'devtools'), await open({}, 'devtools')]
    await panelUntil(first.page, (v) => v.tabs.length === 2, 'two tabs')
    await second.page.evaluate(() => window.devtools.unmount())
    expect(await second.page.locator('[data-headless-session-devtools]').count()).toBe(0)
    await panelUntil(first.page, (v) => v.tabs.length === 1, 'the unmounted tab gone', 3_000)
    expect((await readPanel(first.page)).log.some((text) => text.endsWith(' left'))).toBe(true)
  })
})
