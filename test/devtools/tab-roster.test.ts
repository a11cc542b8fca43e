/**
 * Panels finding each other over a real BroadcastChannel (Node's), with an injected clock
 * for the silence rules.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TabStatus } from '../../src/devtools/roster-messages'
import { createTabRoster, FORGET_AFTER_MS, type TabRoster } from '../../src/devtools/tab-roster'

const rosters: TabRoster[] = []
afterEach(() => {
  for (const roster of rosters.splice(0)) roster.close()
})

let channelCount = 0
function room() {
  const name = `roster-test-${process.pid}-${channelCount++}`
  let clock = 1_000_000
  const join = (tabId: string, state = 'active') => {
    const changes: { joined?: string; left?: string }[] = []
    const status = (): TabStatus => ({
      state,
      detail: state,
      fingerprint: 'fp_00000001',
      sessionId: null,
      expiresAt: null,
      lastLed: null,
      title: tabId,
      visible: true,
    })
    const roster = createTabRoster({
      channelName: name,
      tabId,
      status,
      now: () => clock,
      openChannel: (channel) => new BroadcastChannel(channel),
      onChange: (change) => changes.push(change),
    })
    rosters.push(roster)
    return { roster, changes }
  }
  /** A tab that announces itself once and then dies without a goodbye. */
  const crashAfterHello = (tabId: string) => {
    const channel = new BroadcastChannel(name)
    channel.postMessage({
      v: 1,
      type: 'status',
      from: tabId,
      ask: false,
      status: {
        state: 'active',
        detail: 'active',
        fingerprint: null,
        sessionId: null,
        expiresAt: null,
        lastLed: null,
        title: tabId,
        visible: true,
      },
    })
    channel.close()
  }
  return { join, crashAfterHello, advance: (ms: number) => (clock += ms) }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('the tab roster', () => {
  it('a new panel asks, and every panel already there answers at once', async () => {
    const { join } = room()
    const a = join('a')
    const b = join('b', 'expiring')
    await settle()
    expect(a.roster.others().map((tab) => [tab.tabId, tab.state])).toEqual([['b', 'expiring']])
    expect(b.roster.others().map((tab) => tab.tabId)).toEqual(['a'])
    expect(a.changes).toContainEqual({ joined: 'b' })
  })

  it('a panel that closes says goodbye and disappears from the others', async () => {
    const { join } = room()
    const a = join('a')
    const b = join('b')
    await settle()
    b.roster.close()
    await settle()
    expect(a.roster.others()).toEqual([])
    expect(a.changes).toContainEqual({ left: 'b' })
  })

  it('forgets a tab that went silent for too long, and only then', async () => {
    const { join, crashAfterHello, advance } = room()
    const a = join('a')
    crashAfterHello('b')
    await settle()
    advance(FORGET_AFTER_MS - 1)
    a.roster.prune()
    expect(a.roster.others().map((tab) => tab.tabId)).toEqual(['b'])
    advance(2)
    a.roster.prune()
    expect(a.roster.others()).toEqual([])
  })
})
