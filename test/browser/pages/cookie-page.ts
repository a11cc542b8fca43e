/**
 * The cookie store's test page: one session kept in `document.cookie`, created the way an
 * app would (the built package, by name). It offers the same `window.testPage` as the
 * session page, so the rig's `Tab` drives it, plus `window.cookiePage` for what only a
 * cookie session does.
 *
 * URL parameters: clientId, tokenUrl, refreshMargin, lockTimeout, cookieName, maxAge,
 * autostart=false.
 */
import {
  createCookieStore,
  createSession,
  type ImportableTokens,
  isSessionError,
  type SessionEmitted,
  type SessionOptions,
} from 'headless-session'
import type { Outcome, RecordedEvent, RecordedSnapshot } from './session-page'

const params = new URL(location.href).searchParams
const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined)

const options: SessionOptions = {
  clientId: params.get('clientId') ?? 'mock-client-id',
  ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
  ...(number('refreshMargin') === undefined ? {} : { refreshMargin: number('refreshMargin') }),
  ...(number('lockTimeout') === undefined ? {} : { lockTimeout: number('lockTimeout') }),
  storage: createCookieStore({
    ...(params.has('cookieName') ? { name: params.get('cookieName') as string } : {}),
    ...(number('maxAge') === undefined ? {} : { maxAge: number('maxAge') }),
  }),
}

const session = createSession(options)
const snapshots: RecordedSnapshot[] = []
const events: RecordedEvent[] = []
const output = document.getElementById('state')

session.subscribe((snapshot) => {
  snapshots.push({ ...snapshot, error: snapshot.error?.code ?? null, at: Date.now() })
  if (output) output.textContent = snapshot.detail
})
session.on('*', (event) => {
  const plain = JSON.parse(JSON.stringify(event)) as SessionEmitted
  events.push({ ...plain, at: Date.now() })
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
    session.start()
  },
  stop: () => session.stop(),
  token: () => settle(() => session.getAccessToken()),
  tokens: (count: number) =>
    Promise.all(Array.from({ length: count }, () => settle(() => session.getAccessToken()))),
  tokenSet: () => settle(() => session.getTokens()),
  refresh: () => settle(() => session.refresh()),
  signOut: () => settle(() => session.signOut()),
  snapshot: (): RecordedSnapshot => ({
    ...session.snapshot,
    error: session.snapshot.error?.code ?? null,
    at: Date.now(),
  }),
  snapshots: () => snapshots,
  events: () => events,
}

const cookiePage = {
  importTokens: (tokens: ImportableTokens) => settle(() => session.importTokens(tokens)),
  /** What the page's script sees. */
  documentCookie: () => document.cookie,
}

declare global {
  interface Window {
    cookiePage: typeof cookiePage
  }
}

window.cookiePage = cookiePage
if (params.get('autostart') !== 'false') session.start()
