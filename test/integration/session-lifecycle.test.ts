import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { InspectionEvent } from 'xstate'
import { LOGIN_STEPS, SESSION_STEP } from '../../machines/token-order'
import { isSessionError } from '../../src/errors'
import { createSession } from '../../src/index'
import { createFileStore } from '../../src/node/index'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { grants, mockServer, nextEvent, sessionFor, whoami } from '../support/session-fixture'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headless-session-it-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('a session against the mock Wix server', () => {
  it('mints one anonymous visitor on first start and hands out its raw token', async () => {
    const server = await mockServer()
    const session = sessionFor(server).start()
    const token = await session.getAccessToken()
    expect(grants(server)).toEqual(['anonymous'])
    expect(server.requests[0]).toMatchObject({
      encoding: 'json',
      fieldStyle: 'camelCase',
      clientId: MOCK_CLIENT_ID,
    })
    expect(await whoami(server, token)).toMatchObject({ status: 200, body: { role: 'visitor' } })
    expect(session.state).toBe('active')
  })

  it('speaks form encoding with snake_case fields when asked', async () => {
    const server = await mockServer()
    const session = sessionFor(server, { encoding: 'form' }).start()
    await session.getAccessToken()
    await session.refresh()
    expect(
      server.requests.map(({ encoding, fieldStyle, outcome }) => ({
        encoding,
        fieldStyle,
        outcome,
      })),
    ).toEqual([
      { encoding: 'form', fieldStyle: 'snake_case', outcome: 'issued' },
      { encoding: 'form', fieldStyle: 'snake_case', outcome: 'issued' },
    ])
  })

  it('restores the same visitor from the same file store after a restart, with no token request', async () => {
    const server = await mockServer()
    const storage = createFileStore(join(dir, 'session.json'))
    const first = sessionFor(server, { storage }).start()
    const token = await first.getAccessToken()
    first.stop()

    const second = sessionFor(server, {
      storage: createFileStore(join(dir, 'session.json')),
    }).start()
    expect(await second.getAccessToken()).toBe(token)
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('counts generations: a visitor is born one step up and each refresh adds one', async () => {
    const server = await mockServer()
    const session = sessionFor(server).start()
    expect((await session.getTokens()).generation).toBe(SESSION_STEP)
    await session.refresh()
    await session.refresh()
    expect((await session.getTokens()).generation).toBe(SESSION_STEP + 2)
    await session.signOut()
    // A new visitor outranks every one before it, so no tab can take the old one for newer.
    expect((await session.getTokens()).generation).toBe(2 * SESSION_STEP)
    // A login outranks it by LOGIN_STEPS births, whatever its refreshes.
    await session.refresh()
    const expiresAt = Date.now() + 3_600_000
    await session.importTokens({ accessToken: 'a', refreshToken: 'r', expiresAt, role: 'member' })
    expect((await session.getTokens()).generation).toBe((2 + LOGIN_STEPS) * SESSION_STEP)
    session.stop()
  })

  it('refreshes on its own when the token enters the margin, keeping the visitor', async () => {
    const server = await mockServer({ accessTokenLifetime: 2 })
    const session = sessionFor(server, { refreshMargin: 60_000 }).start()
    const first = await session.getAccessToken()
    const refreshed = await nextEvent(session, 'tokensChanged')
    expect(refreshed).toMatchObject({ reason: 'refreshed' })
    const second = await session.getAccessToken()
    expect(second).not.toBe(first)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
    const [before, after] = [await whoami(server, first), await whoami(server, second)]
    expect(after.body.visitorId).toBe(before.body.visitorId)
  })

  it('answers 50 concurrent callers at expiry with exactly one refresh request', async () => {
    const server = await mockServer()
    let offset = 0
    const session = sessionFor(server, { now: () => Date.now() + offset }).start()
    const old = await session.getAccessToken()
    offset = 4 * 60 * 60 * 1000 + 1000 // the laptop slept past the expiry; no timer fired
    const tokens = await Promise.all(Array.from({ length: 50 }, () => session.getAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(old)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
  })

  it('signs out: forgets the visitor, mints a new one and stores it', async () => {
    const server = await mockServer()
    const path = join(dir, 'session.json')
    const session = sessionFor(server, { storage: createFileStore(path) }).start()
    const before = await whoami(server, await session.getAccessToken())
    const signedOut = nextEvent(session, 'signedOut')
    await session.signOut()
    expect(await signedOut).toMatchObject({ origin: 'this-tab' })
    const after = await whoami(server, await session.getAccessToken())
    expect(after.body.visitorId).not.toBe(before.body.visitorId)
    expect(grants(server)).toEqual(['anonymous', 'anonymous'])
    const stored = (await createFileStore(path).get()) as { tokens: { sessionId: string } }
    expect(stored.tokens.sessionId).toBe(session.snapshot.sessionId)
  })

  it('passes the inspect option to XState', async () => {
    const server = await mockServer()
    const events: InspectionEvent[] = []
    const session = sessionFor(server, { inspect: (event) => events.push(event) }).start()
    await session.getAccessToken()
    // Redaction is loaded on first use: events wait for it, in order, then all arrive.
    await vi.waitFor(() => expect(events.some((e) => e.type === '@xstate.snapshot')).toBe(true))
    expect(events[0]?.type).toBe('@xstate.actor')
  })

  it('tells subscribers every top-level state it passes through', async () => {
    const server = await mockServer()
    const session = sessionFor(server)
    const states: string[] = []
    session.subscribe((snapshot) => {
      if (states.at(-1) !== snapshot.state) states.push(snapshot.state)
    })
    session.start()
    await session.getAccessToken()
    await session.refresh()
    session.stop()
    expect(states).toEqual([
      'idle',
      'restoring',
      'anonymous',
      'active',
      'expiring',
      'refreshing',
      'active',
      'idle',
    ])
  })

  it("fits React's useSyncExternalStore: unbound subscribe, a snapshot that changes only with the state", async () => {
    const server = await mockServer()
    const session = sessionFor(server)
    // What useSyncExternalStore(session.subscribe, () => session.snapshot) does with them.
    const { subscribe } = session
    const getSnapshot = () => session.snapshot
    let changes = 0
    const unsubscribe = subscribe(() => {
      changes += 1
    })
    const before = getSnapshot()
    expect(getSnapshot()).toBe(before)
    session.start()
    await session.getAccessToken()
    const active = getSnapshot()
    expect(active).not.toBe(before)
    expect(active.state).toBe('active')
    const seen = changes
    // Hand-outs of a valid token change nothing a component renders.
    await Promise.all([session.getAccessToken(), session.getTokens()])
    expect(getSnapshot()).toBe(active)
    expect(changes).toBe(seen)
    unsubscribe()
    session.stop()
    expect(changes).toBe(seen)
  })
})

describe('a stopped session', () => {
  it('rejects callers before start and after stop with not_running', async () => {
    const server = await mockServer()
    const session = sessionFor(server)
    await expect(session.getAccessToken()).rejects.toSatisfy((error) =>
      isSessionError(error, 'not_running'),
    )
    session.start()
    await session.getAccessToken()
    session.stop()
    await expect(session.refresh()).rejects.toSatisfy((error) =>
      isSessionError(error, 'not_running'),
    )
  })

  it('rejects the callers still waiting when it stops, and aborts their request', async () => {
    const server = await mockServer()
    server.injectFault({ hang: true })
    const session = sessionFor(server).start()
    const waiting = session.getAccessToken()
    await new Promise((resolve) => setTimeout(resolve, 50))
    session.stop()
    await expect(waiting).rejects.toSatisfy((error) => isSessionError(error, 'not_running'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.requests[0]?.outcome).toBe('aborted')
  })

  it('starts again as a fresh actor that restores the stored session', async () => {
    const server = await mockServer()
    const session = sessionFor(server).start()
    const token = await session.getAccessToken()
    const firstActor = session.actor
    session.stop()
    expect(session.state).toBe('idle')
    session.start()
    expect(session.actor).not.toBe(firstActor)
    expect(await session.getAccessToken()).toBe(token)
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('refuses options it cannot use, with a clear message', () => {
    expect(() => createSession({ clientId: '' })).toThrow(/clientId/)
    expect(() => createSession({ clientId: 'x', refreshMargin: -1 })).toThrow(/refreshMargin/)
    expect(() => createSession({ clientId: 'x', requestTimeout: Number.NaN })).toThrow(
      /requestTimeout/,
    )
  })
})

describe('many sessions in one Node process', () => {
  it("refreshes different users' sessions side by side, not one after another", async () => {
    const server = await mockServer()
    // Two users of one app, each with their own store, as a server would hold them.
    const alice = sessionFor(server).start()
    const bob = sessionFor(server).start()
    await Promise.all([alice.getAccessToken(), bob.getAccessToken()])
    server.injectFault({ grantType: 'refresh_token', delayMs: 300 }, 2)
    await Promise.all([alice.refresh(), bob.refresh()])
    const [first, second] = server.requests.filter(
      (request) => request.grantType === 'refresh_token',
    )
    expect(first?.endedAt).not.toBeNull()
    // The second refresh started before the first one ended: neither waited for the other.
    expect(second?.startedAt).toBeLessThan(first?.endedAt ?? 0)
  })
})
