/**
 * Waking up: a tab whose timers were late (asleep, or hidden and throttled) must notice
 * expiry by the wall clock, and retries wait while the browser is offline.
 */
import { describe, expect, it } from 'vitest'
import { eventually, useBrowser, value } from './support/tabs'

const rig = useBrowser()
const FIVE_HOURS = 5 * 60 * 60 * 1000

describe('waking up', () => {
  it('a hidden tab whose timers were late refreshes on wake and hands out a valid token', async () => {
    const { server, context, open } = await rig.scene()
    await context.clock.install()
    const tab = await open()
    const token = value(await tab.token())
    await tab.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    // Five hours pass on the wall clock while no timer fires: the token has expired.
    await context.clock.setSystemTime(Date.now() + FIVE_HOURS)
    expect((await tab.snapshot()).state).toBe('active')

    await tab.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    // The wake alone starts the refresh, before any caller asks.
    await eventually(() => server.requests.find((request) => request.grantType === 'refresh_token'))
    const fresh = value(await tab.token())
    expect(fresh).not.toBe(token)
    const { expiresAt } = value(await tab.tokenSet())
    expect(expiresAt).toBeGreaterThan(await tab.page.evaluate(() => Date.now()))
    expect(await tab.events()).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'refreshed' }),
    )
  })

  it('a caller after a sleep never gets the expired token, even before any wake event', async () => {
    const { server, context, open } = await rig.scene()
    await context.clock.install()
    const tab = await open()
    const token = value(await tab.token())
    await context.clock.setSystemTime(Date.now() + FIVE_HOURS)
    const after = value(await tab.token())
    expect(after).not.toBe(token)
    expect(server.requests.map((request) => request.grantType)).toEqual([
      'anonymous',
      'refresh_token',
    ])
  })

  it('pauses retries while offline and resumes them when the browser is back online', async () => {
    const { server, context, open } = await rig.scene()
    const tab = await open({ retryBaseDelay: 100 })
    const token = value(await tab.token())
    await context.setOffline(true)
    const refreshing = tab.refresh()
    await tab.reach('expiring.backingOff.paused')
    expect(server.requests).toHaveLength(1)
    // The still-valid token is served while the network is gone.
    expect(value(await tab.token())).toBe(token)

    await context.setOffline(false)
    const fresh = value(await refreshing)
    expect(fresh).not.toBe(token)
    expect(server.requests.map((request) => request.grantType)).toEqual([
      'anonymous',
      'refresh_token',
    ])
    const failures = (await tab.events()).filter((event) => event.type === 'tokenRequestFailed')
    expect(failures.length).toBeGreaterThanOrEqual(1)
    expect(failures.every((event) => event.error.code === 'network')).toBe(true)
  })
})
