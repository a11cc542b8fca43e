/**
 * What `useSyncExternalStore` relies on, from a real session against the mock server:
 * `session.snapshot` is one object for as long as nothing an app renders changes, the
 * object listeners receive is that one, and a change gives one new object that is then
 * just as stable. (React's own check of it runs in test/browser/react.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { createMemoryStore, type SessionSnapshot } from '../../src/index'
import { mockServer, sessionFor } from '../support/session-fixture'

describe('the snapshot a session publishes', () => {
  it('is the same object between changes, and a new one, stable again, after each change', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { storage: createMemoryStore() }).start()
    await session.getAccessToken()
    const received: SessionSnapshot[] = []
    const stop = session.subscribe((snapshot) => received.push(snapshot))

    const active = session.snapshot
    expect(active.state).toBe('active')
    expect(session.snapshot).toBe(active)
    expect(received).toEqual([active])
    expect(received[0]).toBe(active)
    // Handing out tokens and peeking change nothing an app renders.
    await session.getAccessToken()
    await session.getTokens()
    session.peekTokens()
    expect(session.snapshot).toBe(active)
    expect(received).toHaveLength(1)

    await session.refresh()
    const refreshed = session.snapshot
    expect(refreshed).not.toBe(active)
    expect(refreshed).toMatchObject({ state: 'active', sessionId: active.sessionId })
    expect(refreshed.expiresAt).not.toBeNull()
    expect(session.snapshot).toBe(refreshed)
    expect(received.at(-1)).toBe(refreshed)
    // Every object received is a change from the one before it.
    for (let index = 1; index < received.length; index++) {
      expect(received[index]).not.toEqual(received[index - 1])
    }
    stop()
  })
})
