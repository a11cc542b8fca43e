/**
 * `stop()` in every state a session can be stopped in leaves nothing behind: no timer, no
 * listener on the page or the tab channel, no open channel, no token request in flight, no
 * claim on the lock, and every wait rejected with `not_running`. Counted under fake timers
 * with the in-memory Wix endpoint and counting doubles of the page and the channel.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { isSessionError } from '../../src/errors'
import { createLocalLockManager, createMemoryStore, createSession } from '../../src/index'
import type { SessionStore } from '../../src/storage/store'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import type { MockFault } from '../../src/testing/mock-wix-server.types'
import { createChannelBus, createPage } from './support/counting-doubles'
import { createInMemoryWix, IN_MEMORY_TOKEN_URL } from './support/in-memory-wix'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 25, 12, 0, 0) })
})
afterEach(() => {
  vi.useRealTimers()
})

const LEADER_LOCK = `headless-session:${MOCK_CLIENT_ID}:leader`

/** A store that answers until `hang()`, then never again, as a blocked IndexedDB does. */
function hangingStore(hungFromStart: boolean) {
  const inner = createMemoryStore()
  let hung = hungFromStart
  const never = new Promise<never>(() => undefined)
  const store: SessionStore = {
    name: 'hanging',
    get: () => (hung ? never : inner.get()),
    set: (record) => (hung ? never : inner.set(record)),
    delete: () => (hung ? never : inner.delete()),
  }
  return {
    store,
    hang: () => {
      hung = true
    },
  }
}

/** A session and everything it could leave behind. */
function stage({ store, hang }: ReturnType<typeof hangingStore>) {
  const server = createInMemoryWix({ now: Date.now, accessTokenLifetime: 600 })
  const page = createPage()
  const bus = createChannelBus()
  const locks = createLocalLockManager()
  const session = createSession({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: IN_MEMORY_TOKEN_URL,
    fetch: server.fetchFor('tab'),
    storage: { ...store, shared: true },
    sync: true,
    BroadcastChannel: bus.channelFor('tab'),
    environment: { global: page.global, document: page.document },
    locks,
    retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 4000 },
    requestTimeout: 5000,
  })
  /** Another tab holds the leadership lock until `release()`. */
  let release: () => void = () => undefined
  const holdLock = () => {
    void locks.request(LEADER_LOCK, {}, () => new Promise<void>((resolve) => (release = resolve)))
  }
  return { server, page, bus, locks, session, holdLock, hang, release: () => release() }
}

type Stage = ReturnType<typeof stage>
const hang: MockFault = { hang: true }

interface StopCase {
  /** The state the session is in when it stops (the start of its state path). */
  state: string
  /** What else is under way, when the state alone does not say. */
  doing?: string
  reach: (staged: Stage) => Promise<void>
  /** What a caller waiting there gets once the session stops. */
  waited: 'not_running' | 'resolved' | 'invalid_client'
  storeHangs?: 'from the start' | 'later'
}

const CASES: StopCase[] = [
  {
    state: 'restoring',
    storeHangs: 'from the start',
    reach: async () => undefined,
    waited: 'not_running',
  },
  {
    state: 'anonymous.awaitingLeadership',
    reach: async ({ holdLock }) => holdLock(),
    waited: 'not_running',
  },
  {
    state: 'anonymous.requesting',
    reach: async ({ server }) => server.injectFault(hang),
    waited: 'not_running',
  },
  {
    state: 'anonymous.backingOff.waiting',
    reach: async ({ server }) => server.injectFault({ status: 503 }),
    waited: 'not_running',
  },
  {
    state: 'anonymous.backingOff.paused',
    reach: async ({ server, page }) => {
      server.injectFault({ status: 503 })
      page.fire('offline')
      await vi.advanceTimersByTimeAsync(5000)
    },
    waited: 'not_running',
  },
  // From here on a valid token is held, so a caller is served before the stop.
  { state: 'active', reach: async () => undefined, waited: 'resolved' },
  {
    state: 'active',
    doing: "confirming another tab's announcement with a store that stopped answering",
    storeHangs: 'later',
    reach: async ({ session, bus, hang: hangStore }) => {
      const held = await session.getTokens()
      hangStore()
      const tokens = { ...held, accessToken: 'OauthNG.JWS.other', issuedAt: held.issuedAt + 1 }
      bus.post(`headless-session:${MOCK_CLIENT_ID}`, {
        v: 1,
        type: 'session',
        from: 'other',
        tokens,
      })
    },
    waited: 'resolved',
  },
  {
    state: 'expiring.awaitingLeadership',
    reach: async ({ session, holdLock }) => {
      await vi.advanceTimersByTimeAsync(0)
      holdLock()
      session.actor.send({ type: 'REFRESH' })
    },
    waited: 'resolved',
  },
  {
    state: 'expiring.checkingStore',
    doing: 'with a store that stopped answering',
    storeHangs: 'later',
    reach: async ({ session, hang: hangStore }) => {
      await vi.advanceTimersByTimeAsync(0)
      hangStore()
      session.actor.send({ type: 'REFRESH' })
    },
    waited: 'resolved',
  },
  {
    state: 'expiring.backingOff.waiting',
    reach: async ({ session, server }) => {
      await vi.advanceTimersByTimeAsync(0)
      server.injectFault({ status: 503 })
      session.actor.send({ type: 'REFRESH' })
    },
    waited: 'resolved',
  },
  {
    state: 'refreshing.requesting',
    reach: async ({ session, server }) => {
      await vi.advanceTimersByTimeAsync(0)
      server.injectFault(hang)
      session.actor.send({ type: 'REFRESH' })
    },
    waited: 'resolved',
  },
  {
    state: 'refreshing.committing',
    doing: 'with a store that stopped answering',
    storeHangs: 'later',
    reach: async ({ session, server, hang: hangStore }) => {
      await vi.advanceTimersByTimeAsync(0)
      server.injectFault({ delayMs: 10 })
      session.actor.send({ type: 'REFRESH' })
      await vi.advanceTimersByTimeAsync(5)
      hangStore()
      await vi.advanceTimersByTimeAsync(5)
    },
    waited: 'resolved',
  },
  {
    state: 'failed',
    reach: async ({ server }) => server.injectFault({ status: 400 }),
    waited: 'invalid_client',
  },
]

const named = CASES.map((stopCase) => ({
  ...stopCase,
  name: stopCase.doing ? `${stopCase.state}, ${stopCase.doing}` : stopCase.state,
}))

it.each(named)('stopped in $name, a session leaves nothing behind', async (stopCase) => {
  const storage = hangingStore(stopCase.storeHangs === 'from the start')
  const staged = stage(storage)
  const { session, server, page, bus, locks } = staged
  // The lock manager's code loads on its first claim (real module loading, which fake
  // timers do not advance): load it now, so the last check measures the lock, not the load.
  await locks.request('warm-up', {}, () => undefined)
  session.start()
  await stopCase.reach(staged)
  await vi.advanceTimersByTimeAsync(0)
  // The state path begins with the expected state (a state may grow nested states).
  const depth = stopCase.state.split('.').length
  expect(session.snapshot.detail.split('.').slice(0, depth).join('.')).toBe(stopCase.state)
  const waiting = session.getAccessToken().then(
    () => 'resolved',
    (error: unknown) => (isSessionError(error) ? error.code : 'untyped'),
  )
  await vi.advanceTimersByTimeAsync(0)

  session.stop()
  await vi.advanceTimersByTimeAsync(0)
  expect(await waiting).toBe(stopCase.waited)
  expect(vi.getTimerCount()).toBe(0)
  expect(page.listenerCount).toBe(0)
  expect(bus.openChannels()).toBe(0)
  expect(server.inFlight()).toEqual([])
  // The session holds no claim on the lock: once the other tab lets go, it is free at once.
  staged.release()
  const claim = locks.request(LEADER_LOCK, {}, () => 'granted')
  await vi.advanceTimersByTimeAsync(0)
  expect(await Promise.race([claim, Promise.resolve('still held')])).toBe('granted')
})
