/**
 * The React test app, rendered to HTML on the server (Node, `renderToString`) and hydrated
 * in Chromium from the same module, as a Next.js client component is. It imports the built
 * package by name on both sides. Each line is a component of its own that counts its
 * renders and records the value it rendered, so a test can tell what re-rendered and why.
 *
 * The session comes from `defineBrowserSession()`: created on first use in the browser
 * (kept in cookies, which the server reads too), never on the server.
 */
import {
  createCookieStore,
  createSession,
  type SessionSnapshot,
  type SessionStore,
} from 'headless-session'
import { defineBrowserSession, type SessionSource, useSession } from 'headless-session/react'
import { createElement as h, useEffect } from 'react'

/** What the server hands the client: props serialised into the page, as a framework does. */
export interface AppProps {
  serverSnapshot?: SessionSnapshot
  /** A session to use instead of the browser's (a wrapper that counts subscriptions). */
  source?: SessionSource
  onHydrated?: () => void
}

/** URL parameters: clientId, tokenUrl, storeDelay (ms before each read of the cookie store). */
export const getSession = defineBrowserSession(() => {
  const params = new URL(location.href).searchParams
  const delay = Number(params.get('storeDelay') ?? 0)
  return createSession({
    clientId: params.get('clientId') ?? 'mock-client-id',
    ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
    storage: delay > 0 ? slowToRead(createCookieStore(), delay) : createCookieStore(),
  }).start()
})

/** A store whose reads take `delay` ms, as IndexedDB can on a busy page. */
function slowToRead(store: SessionStore, delay: number): SessionStore {
  return {
    ...store,
    get: () => new Promise((resolve) => setTimeout(resolve, delay)).then(() => store.get()),
  }
}

/** Every value each line rendered with, in order: one entry per render. */
export const rendered: Record<'role' | 'state' | 'visitor' | 'who', string[]> = {
  role: [],
  state: [],
  visitor: [],
  who: [],
}

interface LineProps {
  session: SessionSource | null
  serverSnapshot: SessionSnapshot | undefined
}

function Role({ session, serverSnapshot }: LineProps) {
  const role = useSession(session, (snapshot) => snapshot.role, { serverSnapshot })
  rendered.role.push(String(role))
  return h('p', { id: 'role' }, role ?? 'nobody')
}

function State({ session, serverSnapshot }: LineProps) {
  const state = useSession(session, (snapshot) => snapshot.state, { serverSnapshot })
  rendered.state.push(state)
  return h('p', { id: 'state' }, state)
}

/** The whole snapshot: a render for every snapshot the session publishes. */
function Visitor({ session, serverSnapshot }: LineProps) {
  const { detail, sessionId, expiresAt } = useSession(session, { serverSnapshot })
  rendered.visitor.push(`${detail} ${sessionId} ${expiresAt}`)
  return h('p', { id: 'visitor', 'data-expires-at': String(expiresAt) }, sessionId ?? 'none')
}

/** A selector that builds a new object every time, held still by `isEqual`. */
function Who({ session, serverSnapshot }: LineProps) {
  const who = useSession(
    session,
    (snapshot) => ({ role: snapshot.role, sessionId: snapshot.sessionId }),
    { serverSnapshot, isEqual: (a, b) => a.role === b.role && a.sessionId === b.sessionId },
  )
  rendered.who.push(`${who.role} ${who.sessionId}`)
  return h('p', { id: 'who' }, `${who.role ?? 'nobody'} ${who.sessionId ?? 'none'}`)
}

export function App({ serverSnapshot, source, onHydrated }: AppProps) {
  const session = source ?? getSession()
  useEffect(() => onHydrated?.(), [onHydrated])
  const line = { session, serverSnapshot }
  return h('main', null, h(Role, line), h(State, line), h(Visitor, line), h(Who, line))
}
