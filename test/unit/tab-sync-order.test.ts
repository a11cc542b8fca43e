/**
 * The tab-sync actor passes checked announcements to the machine in the order they were
 * sent, however long each check takes. (The channel itself is tested in Chromium; here it
 * is a stand-in the test posts into, so that the checks can be made slow on purpose.)
 */
import { describe, expect, it } from 'vitest'
import { createActor, setup } from 'xstate'
import type { SessionEvent, TokenSet } from '../../machines/session.types'
import { type BroadcastChannelLike, broadcastTabSync } from '../../src/actors/tab-sync'

const tokens: TokenSet = {
  sessionId: 'visitor-2',
  accessToken: 'OauthNG.JWS.a2',
  refreshToken: 'JWS.r2',
  issuedAt: 1,
  expiresAt: 3_600_000,
  role: 'visitor',
  generation: 2,
}

function standInChannel() {
  const listeners = new Set<(event: { data: unknown }) => void>()
  const channel: BroadcastChannelLike = {
    postMessage: () => undefined,
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    close: () => listeners.clear(),
  }
  const deliver = (data: unknown) => {
    for (const listener of listeners) listener({ data })
  }
  return { channel, deliver }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('announcements from other tabs', () => {
  it('reach the machine in the order they were sent, a slow check holding back the next', async () => {
    const { channel, deliver } = standInChannel()
    const heard: string[] = []
    const tabSync = broadcastTabSync({
      openChannel: () => channel,
      tabId: 'this-tab',
      // The sign-out's check is slow, the session's fast: unordered, the session would win.
      confirmSignOut: async () => wait(30).then(() => true),
      confirmMemberEnded: async () => true,
      confirm: async () => wait(1).then(() => true),
    })
    const listener = setup({
      types: { events: {} as SessionEvent },
      actors: { tabSync },
    }).createMachine({
      invoke: { src: 'tabSync' },
      on: { '*': { actions: ({ event }) => heard.push(event.type) } },
    })
    const actor = createActor(listener).start()
    deliver({ v: 1, type: 'signed-out', from: 'other-tab', sessionId: 'visitor-1' })
    deliver({ v: 1, type: 'session', from: 'other-tab', tokens })
    deliver({ v: 1, type: 'ask', from: 'other-tab' })
    await wait(60)
    // `ask` needs no check and is not held back; the two checked ones keep their order.
    expect(heard).toEqual(['SYNC.ASKED', 'SYNC.SIGNED_OUT', 'SYNC.SESSION'])
    actor.stop()
  })
})
