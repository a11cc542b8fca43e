/**
 * A sign-out in a tab whose store is its own (`createMemoryStore()`, or IndexedDB that
 * failed) must stick, though another tab that has not heard of it yet still announces the
 * session signed out. Found by the model runs (see session-model-regressions.test.ts): the
 * announcement was refused by the machine but kept in the signing-out tab's store, and the
 * next read of that store under the lock (after a failed mint) brought the session back;
 * and a tab stopped before its new visitor forgot, once started again, what it had signed
 * out. Real mock server over HTTP, real BroadcastChannel.
 */
import { expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import { createMemoryStore } from '../../src/index'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { grants, logMemberIn, mockServer, sessionFor, whoami } from '../support/session-fixture'

it('a signed-out member stays signed out in a tab with a memory store, though another tab announces them while it asks', async () => {
  const server = await mockServer()
  const storage = createMemoryStore()
  const session = sessionFor(server, { storage, sync: true, peerReplyWindow: 100 }).start()
  await session.getAccessToken()
  await logMemberIn(server, session)
  const signedOut: TokenSet = await session.getTokens()

  // A tab that has not heard of the sign-out yet answers this tab's first asking with the
  // member (by the next, it has heard).
  const otherTab = new BroadcastChannel(`headless-session:${MOCK_CLIENT_ID}`)
  let answered = 0
  otherTab.addEventListener('message', (event: MessageEvent) => {
    if (event.data?.type === 'ask' && answered++ === 0) {
      otherTab.postMessage({ v: 1, type: 'session', from: 'other-tab', tokens: signedOut })
    }
  })
  // The first mint fails, so the tab reads its store again under the lock before the next.
  server.injectFault({ grantType: 'anonymous', status: 500 }, 1)
  try {
    await session.signOut({ timeout: 5000 })
  } finally {
    otherTab.close()
  }

  expect(answered).toBeGreaterThan(0)
  const tokens = await session.getTokens()
  expect(tokens.sessionId).not.toBe(signedOut.sessionId)
  expect(tokens.role).toBe('visitor')
  expect((await whoami(server, tokens.accessToken)).body.role).toBe('visitor')
  expect(await storage.get()).toMatchObject({ tokens: { sessionId: tokens.sessionId } })
})

it('a member signed out stays signed out when the tab is stopped before its new visitor, and started again', async () => {
  const server = await mockServer()
  const session = sessionFor(server, {
    storage: createMemoryStore(),
    sync: true,
    peerReplyWindow: 100,
  }).start()
  await session.getAccessToken()
  await logMemberIn(server, session)
  const signedOut: TokenSet = await session.getTokens()

  // A tab frozen through the sign-out answers every asking with the member.
  const frozenTab = new BroadcastChannel(`headless-session:${MOCK_CLIENT_ID}`)
  let answered = 0
  frozenTab.addEventListener('message', (event: MessageEvent) => {
    if (event.data?.type !== 'ask') return
    answered += 1
    frozenTab.postMessage({ v: 1, type: 'session', from: 'frozen-tab', tokens: signedOut })
  })
  try {
    // Stopped while it asks the other tabs, before it minted the new visitor.
    const asking = new Promise<void>((resolve) => {
      const off = session.subscribe(({ detail }) => {
        if (detail !== 'anonymous.askingPeers') return
        queueMicrotask(() => off())
        resolve()
      })
    })
    session.signOut().catch(() => undefined)
    await asking
    session.stop()
    server.clearRequests()

    session.start()
    const tokens = await session.getTokens({ timeout: 5000 })
    expect(answered).toBeGreaterThan(1)
    expect(tokens.role).toBe('visitor')
    expect(tokens.sessionId).not.toBe(signedOut.sessionId)
    // It outranks the member, so the frozen tab takes it when it announces it.
    expect(tokens.generation).toBeGreaterThan(signedOut.generation ?? 0)
    expect(grants(server)).toEqual(['anonymous'])
  } finally {
    frozenTab.close()
  }
})
