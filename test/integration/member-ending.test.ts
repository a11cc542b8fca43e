/**
 * A member whose refresh token Wix refuses (logged out elsewhere, removed) is never
 * quietly turned into a visitor: the session says so, waits in `failed` with
 * `member_session_ended`, and mints a visitor only when the app asks. Two sessions share
 * one store and a real BroadcastChannel, as two tabs do; the mock server answers over HTTP.
 */
import { describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { isSessionError } from '../../src/errors'
import { createMemoryStore, type SessionStore } from '../../src/index'
import {
  grants,
  logMemberIn,
  mockServer,
  nextEvent,
  sessionFor,
  whoami,
} from '../support/session-fixture'

/** One store both "tabs" see, as IndexedDB is. */
function sharedStore(): SessionStore {
  return { ...createMemoryStore(), name: 'shared-memory', shared: true }
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('a member whose refresh token is refused', () => {
  it('ends with a typed error and an event, and no visitor is minted in their place', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { storage: createMemoryStore() }).start()
    await session.getAccessToken()
    const member = await logMemberIn(server, session)
    server.revokeRefreshToken(member.refresh_token)
    server.clearRequests()

    const ended = nextEvent(session, 'memberSessionEnded')
    const error = await rejection(session.refresh())
    expect(isSessionError(error, 'member_session_ended')).toBe(true)
    expect((await ended).reason).toBe('invalid_grant')
    expect(session.state).toBe('failed')
    expect(session.snapshot.error?.code).toBe('member_session_ended')
    expect(isSessionError(await rejection(session.getAccessToken()), 'member_session_ended')).toBe(
      true,
    )
    session.retry()
    expect(isSessionError(await rejection(session.getAccessToken()), 'member_session_ended')).toBe(
      true,
    )
    expect(grants(server)).toEqual(['refresh_token'])
    expect(String(error)).not.toContain(member.refresh_token)
  })

  it('stays ended across a restart from the same store, without a request', async () => {
    const server = await mockServer()
    const storage = createMemoryStore()
    const first = sessionFor(server, { storage }).start()
    const member = await logMemberIn(server, first)
    server.revokeRefreshToken(member.refresh_token)
    await rejection(first.refresh())
    first.stop()
    server.clearRequests()

    const second = sessionFor(server, { storage })
    const told = nextEvent(second, 'memberSessionEnded')
    second.start()
    await told
    expect(second.snapshot.error?.code).toBe('member_session_ended')
    expect(server.requests).toHaveLength(0)
  })

  it('becomes one new visitor when the app signs out, and a member again on a new login', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { storage: createMemoryStore() }).start()
    const member = await logMemberIn(server, session)
    server.revokeRefreshToken(member.refresh_token)
    await rejection(session.refresh())

    await session.signOut()
    const visitor = await session.getTokens()
    expect(visitor.role).toBe('visitor')
    expect((await whoami(server, visitor.accessToken)).body.role).toBe('visitor')
    expect(grants(server).filter((grant) => grant === 'anonymous')).toHaveLength(1)

    await logMemberIn(server, session)
    expect((await session.getTokens()).role).toBe('member')
  })

  it('ends the member in every tab with one refused request, and a reload stays ended', async () => {
    const server = await mockServer()
    const storage = sharedStore()
    const a = sessionFor(server, { storage, sync: true }).start()
    const b = sessionFor(server, { storage, sync: true }).start()
    await a.getAccessToken()
    const member = await logMemberIn(server, a)
    await expectEventually(async () => (await b.getTokens()).role === 'member')
    server.revokeRefreshToken(member.refresh_token)
    server.clearRequests()

    const endedInB = nextEvent(b, 'memberSessionEnded')
    await rejection(a.refresh())
    await endedInB
    expect(b.snapshot.error?.code).toBe('member_session_ended')
    // The second tab learns of it from the first: it never spends the refused token itself.
    const events: SessionEmitted[] = []
    b.on('*', (event) => events.push(event))
    b.retry()
    await rejection(b.getAccessToken({ timeout: 1000 }))
    expect(grants(server)).toEqual(['refresh_token'])
    expect(events.filter((event) => event.type === 'tokensChanged')).toEqual([])

    const reloaded = sessionFor(server, { storage, sync: true })
    const told = nextEvent(reloaded, 'memberSessionEnded')
    reloaded.start()
    await told
    expect(grants(server)).toEqual(['refresh_token'])
  })

  it('ignores a forged announcement that the member ended', async () => {
    const server = await mockServer()
    const storage = sharedStore()
    const session = sessionFor(server, { storage, sync: true }).start()
    await logMemberIn(server, session)
    const { sessionId } = await session.getTokens()
    const forger = new BroadcastChannel(`headless-session:${session.clientId}`)
    forger.postMessage({ v: 1, type: 'member-ended', from: 'forger', sessionId })
    forger.close()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(session.state).toBe('active')
    expect((await session.getTokens()).role).toBe('member')
  })

  it('keeps the member through transient refresh faults', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { storage: createMemoryStore() }).start()
    await logMemberIn(server, session)
    server.injectFault({ grantType: 'refresh_token', status: 503 }, 2)
    const token = await session.refresh({ timeout: 3000 })
    expect((await whoami(server, token)).body.role).toBe('member')
    expect(session.state).toBe('active')
  })
})

async function expectEventually(check: () => Promise<boolean>, timeout = 3000) {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
