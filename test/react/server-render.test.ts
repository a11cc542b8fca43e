/**
 * `useSession()` on a server: React 19's `renderToString` (react-dom/server) of components
 * using the hook, with real sessions against the real mock server. What a server renders
 * is the server snapshot only: never a live session's state, never a token; rendering
 * subscribes to nothing, starts nothing and sends no request; and `defineBrowserSession()`
 * creates no session at all there, so requests cannot share one.
 */
import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  createMemoryStore,
  createSession,
  IDLE_SNAPSHOT,
  type SessionSnapshot,
  snapshotOfTokens,
} from '../../src/index'
import { defineBrowserSession, type SessionSource, useSession } from '../../src/react/index'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing/index'
import { mockServer, sessionFor } from '../support/session-fixture'

interface BadgeProps {
  session: SessionSource | null
  serverSnapshot?: SessionSnapshot
}

/** A client component as an app writes it: the whole snapshot, and one field selected. */
function Badge({ session, serverSnapshot }: BadgeProps) {
  const snapshot = useSession(session, serverSnapshot ? { serverSnapshot } : undefined)
  const role = useSession(session, (current) => current.role ?? 'nobody', { serverSnapshot })
  return h('p', { 'data-state': snapshot.state }, `${role} ${snapshot.sessionId ?? 'none'}`)
}

function BadOptions({ options }: { options: unknown }) {
  useSession(null, options as undefined)
  return null
}

/** A client component's module, as a server evaluates it: its session is defined at module level. */
let created = 0
const getPageSession = defineBrowserSession(() => {
  created += 1
  return createSession({ clientId: MOCK_CLIENT_ID }).start()
})
function Page({ serverSnapshot }: { serverSnapshot: SessionSnapshot }) {
  return h(Badge, { session: getPageSession(), serverSnapshot })
}

/** A session in Node whose every request, subscription and start is counted. */
function countedSession(server: MockWixServer) {
  const counts = { fetches: 0, subscribes: 0 }
  const session = sessionFor(server, {
    storage: createMemoryStore(),
    fetch: (input, init) => {
      counts.fetches += 1
      return fetch(input, init)
    },
  })
  const source: SessionSource = {
    get snapshot() {
      return session.snapshot
    },
    subscribe(listener) {
      counts.subscribes += 1
      return session.subscribe(listener)
    },
  }
  return { session, source, counts }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

function memberTokens(server: MockWixServer) {
  const member = server.createMemberTokens()
  return {
    sessionId: 'member-session-1',
    role: 'member' as const,
    expiresAt: Date.now() + member.expires_in * 1000,
    accessToken: member.access_token,
    refreshToken: member.refresh_token,
    issuedAt: Date.now(),
  }
}

describe('renderToString', () => {
  it('renders the idle snapshot by default, with a session created at module level that it neither starts nor subscribes to', async () => {
    const server = await mockServer()
    const { session, source, counts } = countedSession(server)
    const html = renderToString(h(Badge, { session: source }))
    expect(html).toBe('<p data-state="idle">nobody none</p>')
    await settle()
    expect(session.snapshot).toMatchObject({ state: 'idle', running: false, sessionId: null })
    expect(counts).toEqual({ fetches: 0, subscribes: 0 })
    expect(server.requests).toEqual([])
  })

  it("renders the server snapshot it is given (a member's), and no token reaches the HTML", async () => {
    const server = await mockServer()
    const { source, counts } = countedSession(server)
    const tokens = memberTokens(server)
    const serverSnapshot = snapshotOfTokens(tokens)
    const html = renderToString(h(Badge, { session: source, serverSnapshot }))
    expect(html).toBe('<p data-state="active">member member-session-1</p>')
    // What a framework serialises for the client component: the props.
    const props = JSON.stringify({ serverSnapshot })
    for (const secret of [tokens.accessToken, tokens.refreshToken]) {
      expect(html).not.toContain(secret)
      expect(props).not.toContain(secret)
    }
    await settle()
    expect(counts).toEqual({ fetches: 0, subscribes: 0 })
    expect(server.requests).toEqual([])
  })

  it("renders the server snapshot, not the live state, even of a running session: one visitor's session never renders into a request", async () => {
    const server = await mockServer()
    const { session, source } = countedSession(server)
    session.start()
    await session.getAccessToken()
    expect(session.snapshot).toMatchObject({ state: 'active', role: 'visitor' })
    const requests = server.requests.length

    expect(renderToString(h(Badge, { session: source }))).toBe(
      '<p data-state="idle">nobody none</p>',
    )
    const member = snapshotOfTokens(memberTokens(server))
    expect(renderToString(h(Badge, { session: source, serverSnapshot: member }))).toBe(
      '<p data-state="active">member member-session-1</p>',
    )
    expect(renderToString(h(Badge, { session: source }))).not.toContain(session.snapshot.sessionId)
    expect(server.requests).toHaveLength(requests)
  })

  it('renders a selector over the server snapshot when there is no session (null)', () => {
    const visitor = snapshotOfTokens({ sessionId: 'v-1', role: 'visitor', expiresAt: 1 })
    expect(renderToString(h(Badge, { session: null, serverSnapshot: visitor }))).toBe(
      '<p data-state="active">visitor v-1</p>',
    )
    expect(renderToString(h(Badge, { session: null }))).toBe('<p data-state="idle">nobody none</p>')
  })

  it('refuses what is not a session, and options that are not options, with a TypeError', () => {
    const notASession = { snapshot: IDLE_SNAPSHOT } as unknown as SessionSource
    expect(() => renderToString(h(Badge, { session: notASession }))).toThrow(
      /useSession\(\) takes a session from createSession\(\)/,
    )
    for (const options of ['role', 42, { isEqual: 'yes' }, { serverSnapshot: 'member' }]) {
      expect(() => renderToString(h(BadOptions, { options }))).toThrow(TypeError)
    }
  })
})

describe('defineBrowserSession', () => {
  it('never creates a session on a server: each request renders only its own snapshot', () => {
    const first = snapshotOfTokens({ sessionId: 'ada', role: 'member', expiresAt: 1 })
    const second = snapshotOfTokens({ sessionId: 'bob', role: 'visitor', expiresAt: 1 })
    const [forAda, forBob] = [first, second].map((serverSnapshot) =>
      renderToString(h(Page, { serverSnapshot })),
    )
    expect(forAda).toBe('<p data-state="active">member ada</p>')
    expect(forBob).toBe('<p data-state="active">visitor bob</p>')
    expect(getPageSession()).toBeNull()
    expect(created).toBe(0)
  })

  it('in a browser, creates the session on first use and gives the same one after', () => {
    const made: object[] = []
    const getSession = defineBrowserSession(
      () => {
        const session = { n: made.length }
        made.push(session)
        return session
      },
      { isBrowser: () => true },
    )
    expect(made).toEqual([])
    const session = getSession()
    expect(getSession()).toBe(session)
    expect(made).toEqual([session])
  })

  it('tries again after a create that threw, and refuses a create that is not a function', () => {
    let attempts = 0
    const getSession = defineBrowserSession(
      () => {
        attempts += 1
        if (attempts === 1) throw new Error('no clientId yet')
        return 'session'
      },
      { isBrowser: () => true },
    )
    expect(() => getSession()).toThrow('no clientId yet')
    expect(getSession()).toBe('session')
    expect(getSession()).toBe('session')
    expect(attempts).toBe(2)
    expect(() => defineBrowserSession('session' as never)).toThrow(TypeError)
  })
})
