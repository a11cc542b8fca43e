/**
 * The React test page. Served as HTML a server rendered (test/browser/react.test.ts renders
 * `react-app.ts` with `renderToString` for each request), it hydrates that HTML with
 * `hydrateRoot`; with `?mode=client` it renders from nothing with `createRoot`, and with
 * `?mode=strict` inside `<StrictMode>` through a session wrapper that counts subscriptions.
 * `?mode=uncached` is a control: a raw `useSyncExternalStore` whose snapshot is a new
 * object every time, which React must warn about.
 *
 * It offers the rig's `window.testPage` (for the browser's session) and `window.reactPage`
 * for what only this page knows: renders, recoverable errors, what the page showed.
 */
import { isSessionError, type SessionSnapshot } from 'headless-session'
import type { SessionSource } from 'headless-session/react'
import { createElement as h, StrictMode, useSyncExternalStore } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { App, type AppProps, getSession, rendered } from './react-app'
import type { Outcome, RecordedEvent, RecordedSnapshot } from './session-page'

const params = new URL(location.href).searchParams
const container = document.getElementById('root') as HTMLElement
const recoverableErrors: string[] = []
const onRecoverableError = (error: unknown) => {
  recoverableErrors.push(error instanceof Error ? error.message : String(error))
}

/** Every distinct text the page showed, from before hydration on: a flash would be in it. */
const shown: string[] = []
const record = () => {
  const text = ['role', 'state', 'visitor']
    .map((id) => document.getElementById(id)?.textContent ?? '-')
    .join(' | ')
  if (shown.at(-1) !== text) shown.push(text)
}
record()
new MutationObserver(record).observe(container, {
  subtree: true,
  childList: true,
  characterData: true,
})

let hydrated = false
const onHydrated = () => {
  hydrated = true
}

/** The browser's session, counting live subscriptions (StrictMode subscribes twice). */
let subscribed = 0
let subscribeCalls = 0
const counted = (session: SessionSource): SessionSource => ({
  get snapshot() {
    return session.snapshot
  },
  subscribe(listener) {
    subscribeCalls += 1
    subscribed += 1
    const off = session.subscribe(listener)
    let ended = false
    return () => {
      if (ended) return
      ended = true
      subscribed -= 1
      off()
    }
  },
})

/** The control: a snapshot that is a new object on every call. */
function Uncached({ session }: { session: SessionSource }) {
  const snapshot = useSyncExternalStore(
    (onChange) => session.subscribe(onChange),
    () => ({ ...session.snapshot }),
  )
  return h('p', { id: 'state' }, snapshot.state)
}

const mode = params.get('mode') ?? 'hydrate'
const root = (() => {
  if (mode === 'hydrate') {
    const props = JSON.parse(document.getElementById('props')?.textContent ?? '{}') as AppProps
    // The control: hydrate as if the server had passed no snapshot down.
    if (params.get('hydrateWith') === 'nothing') delete props.serverSnapshot
    return hydrateRoot(container, h(App, { ...props, onHydrated }), { onRecoverableError })
  }
  const client = createRoot(container, { onRecoverableError })
  const session = getSession() as SessionSource
  if (mode === 'strict') {
    client.render(h(StrictMode, null, h(App, { source: counted(session), onHydrated })))
  } else if (mode === 'uncached') {
    client.render(h(Uncached, { session }))
  } else {
    client.render(h(App, { onHydrated }))
  }
  return client
})()

const reactPage = {
  hydrated: () => hydrated,
  recoverableErrors: () => recoverableErrors,
  shown: () => shown,
  rendered: () => rendered,
  subscriptions: () => ({ live: subscribed, calls: subscribeCalls }),
  unmount: () => root.unmount(),
}

const recorded = (snapshot: SessionSnapshot): RecordedSnapshot => ({
  ...snapshot,
  error: snapshot.error?.code ?? null,
  at: Date.now(),
})

const session = () => {
  const current = getSession()
  if (current === null) throw new Error('no browser session on this page')
  return current
}
const snapshots: RecordedSnapshot[] = []
const events: RecordedEvent[] = []
session().subscribe((snapshot) => {
  snapshots.push(recorded(snapshot))
})
session().on('*', (event) => {
  events.push({ ...(JSON.parse(JSON.stringify(event)) as typeof event), at: Date.now() })
})

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (error) {
    return isSessionError(error)
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: 'thrown', message: String(error) }
  }
}

window.testPage = {
  start: () => {
    session().start()
  },
  stop: () => session().stop(),
  token: () => settle(() => session().getAccessToken()),
  tokens: (count: number) =>
    Promise.all(Array.from({ length: count }, () => settle(() => session().getAccessToken()))),
  tokenSet: () => settle(() => session().getTokens()),
  refresh: () => settle(() => session().refresh()),
  signOut: () => settle(() => session().signOut()),
  snapshot: () => recorded(session().snapshot),
  snapshots: () => snapshots,
  events: () => events,
}

declare global {
  interface Window {
    reactPage: typeof reactPage
  }
}

window.reactPage = reactPage
