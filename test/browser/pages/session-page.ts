/**
 * The test page: one session, configured from the URL, created the way an app would
 * (importing the built package by name), with a small API the browser tests call through
 * `page.evaluate`. Everything it hands out is plain data.
 *
 * URL parameters: clientId, tokenUrl, refreshMargin, requestTimeout, lockTimeout,
 * retryBaseDelay, storage=memory, sync=false, autostart=false.
 */
import {
  createMemoryStore,
  createSession,
  isSessionError,
  type SessionEmitted,
  type SessionOptions,
  type SessionSnapshot,
} from 'headless-session'

const params = new URL(location.href).searchParams
const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined)

const options: SessionOptions = {
  clientId: params.get('clientId') ?? 'mock-client-id',
  ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
  ...(number('refreshMargin') === undefined ? {} : { refreshMargin: number('refreshMargin') }),
  ...(number('requestTimeout') === undefined ? {} : { requestTimeout: number('requestTimeout') }),
  ...(number('lockTimeout') === undefined ? {} : { lockTimeout: number('lockTimeout') }),
  ...(number('retryBaseDelay') === undefined
    ? {}
    : { retry: { baseDelayMs: number('retryBaseDelay'), maxDelayMs: 1000 } }),
  ...(params.get('storage') === 'memory' ? { storage: createMemoryStore() } : {}),
  ...(params.get('sync') === 'false' ? { sync: false } : {}),
}

export interface RecordedSnapshot extends Omit<SessionSnapshot, 'error'> {
  error: string | null
  at: number
}
export type RecordedEvent = SessionEmitted & { at: number }
/** What a failed call reports instead of throwing across `page.evaluate`. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

export const session = createSession(options)
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

const testPage = {
  start: () => {
    session.start()
  },
  stop: () => session.stop(),
  token: () => settle(() => session.getAccessToken()),
  /** `count` callers at once; resolves with every answer. */
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

declare global {
  interface Window {
    testPage: typeof testPage
  }
}

window.testPage = testPage
if (params.get('autostart') !== 'false') session.start()
