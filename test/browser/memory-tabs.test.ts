/**
 * Tabs whose stores are not shared (`storage: createMemoryStore()`, or IndexedDB that
 * failed): each tab keeps its own copy, and the BroadcastChannel is the only way one
 * visitor reaches every tab. In real Chromium, against the mock Wix server over HTTP.
 */
import { describe, expect, it } from 'vitest'
import type { TokenRequestRecord } from '../../src/testing/index'
import { eventually, type Tab, tokensOnceAgreed, useBrowser, value } from './support/tabs'

const rig = useBrowser()
const memory = { storage: 'memory' }
const ofGrant = (requests: readonly TokenRequestRecord[], grant: string) =>
  requests.filter((request) => request.grantType === grant)

async function sessionIds(tabs: Tab[]): Promise<Set<string | null>> {
  return new Set(await Promise.all(tabs.map(async (tab) => (await tab.snapshot()).sessionId)))
}

/** After a sign-out of `old`: every tab holds the one new visitor, and keeps holding it. */
async function expectOneNewVisitor(
  tabs: Tab[],
  old: string | null,
  requests: readonly TokenRequestRecord[],
) {
  await Promise.all(tabs.map((tab) => tab.holdOtherThan(old)))
  // Long enough for a tab that kept the old visitor (in its store, or in a refresh it had
  // in flight) to bring it back.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const ids = await sessionIds(tabs)
  expect(ids.size).toBe(1)
  expect(ids.has(old)).toBe(false)
  expect(ofGrant(requests, 'anonymous')).toHaveLength(2)
}

describe('tabs that keep the session in memory', () => {
  it('a tab opened later joins the visitor of the tabs already open, with no token request', async () => {
    const { server, open } = await rig.scene()
    const first = await open(memory)
    const { sessionId, accessToken } = value(await first.tokenSet())
    const second = await open(memory)
    expect(value(await second.token())).toBe(accessToken)
    expect(server.requests).toHaveLength(1)
    // The first tab kept its visitor: nobody replaced it with a newer one.
    expect((await first.snapshot()).sessionId).toBe(sessionId)
    expect(await second.events()).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'adopted', sessionId }),
    )
  })

  it('five tabs opened at once mint exactly one visitor between them', async () => {
    const { server, openMany } = await rig.scene()
    const tabs = await openMany(5, memory)
    const tokens = await Promise.all(tabs.map(async (tab) => value(await tab.token())))
    expect(new Set(tokens).size).toBe(1)
    expect(server.requests).toHaveLength(1)
  })

  it('keeps one visitor through two refreshes, each made once for the browser', async () => {
    // Tokens live 4 s: a refresh is due every 2 s. Whichever tab leads it, it must find
    // the session it adopted from another tab in its own store.
    const { server, openMany } = await rig.scene({ accessTokenLifetime: 4 })
    const tabs = await openMany(3, memory)
    const { sessionId } = value(await tabs[0].tokenSet())
    const issued = (request: TokenRequestRecord) => request.outcome === 'issued'
    await eventually(() =>
      ofGrant(server.requests, 'refresh_token').filter(issued).length >= 2 ? true : undefined,
    )
    // Taken as the second refresh lands; the next is not due for another 2 s.
    const requests = server.requests.map((r) => `${r.grantType}:${r.outcome}`)
    expect(requests).toEqual(['anonymous:issued', 'refresh_token:issued', 'refresh_token:issued'])
    await Promise.all(tabs.map((tab) => tab.token()))
    expect(await sessionIds(tabs)).toEqual(new Set([sessionId]))
    const tokens = await tokensOnceAgreed(tabs)
    expect(new Set(tokens).size).toBe(1)
  })

  it('a sign-out in one tab reaches every tab, and none brings the old visitor back', async () => {
    const { server, openMany } = await rig.scene()
    const tabs = await openMany(3, memory)
    await Promise.all(tabs.map((tab) => tab.token()))
    const old = (await tabs[0].snapshot()).sessionId
    value(await (tabs[1] as Tab).signOut())
    await expectOneNewVisitor(tabs, old, server.requests)
  })
})

describe('a sign-out that races a refresh', () => {
  it('is not undone by the refresh another tab was making when it was asked for', async () => {
    const { server, open } = await rig.scene({ accessTokenLifetime: 6 })
    server.injectFault({ grantType: 'refresh_token', delayMs: 1_500 })
    const tabs = await Promise.all([open(), open()])
    await Promise.all(tabs.map((tab) => tab.token()))
    const old = (await tabs[0].snapshot()).sessionId
    const refresh = await eventually(() => ofGrant(server.requests, 'refresh_token')[0])
    const leader = await eventually(async () => {
      for (const tab of tabs) if ((await tab.snapshot()).state === 'refreshing') return tab
      return undefined
    })
    const follower = tabs.find((tab) => tab !== leader) as Tab
    expect(refresh.outcome).toBe('pending')
    // The follower signs out while the leader's refresh of that very visitor is in flight.
    value(await follower.signOut())
    await expectOneNewVisitor(tabs, old, server.requests)
  })
})
