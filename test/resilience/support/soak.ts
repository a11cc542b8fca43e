/**
 * The soak: one real session (machine, persistence, refresh lock, tab sync, environment
 * and the facade's waits) refreshing its token thousands of times under fake timers, with
 * callers, forced refreshes, wake events and another tab's announcements along the way.
 * At checkpoints it measures what would grow if anything leaked: heap in use (after a full
 * GC when node runs with --expose-gc), pending timers, listeners on the page and the tab
 * channel, and observers of the actor.
 */
import { vi } from 'vitest'
import { createMemoryStore, createSession } from '../../../src/index'
// The implementation itself, not the entry's lazy wrapper: its first claim would wait on a
// dynamic import, real time that fake timers do not advance.
import { createLocalLockManager } from '../../../src/locks/local-lock-manager'
import { MOCK_CLIENT_ID } from '../../../src/testing/index'
import { createChannelBus, createPage } from './counting-doubles'

/** Seconds each soak token lives: a refresh is due every half of it. */
const LIFETIME_S = 60

export interface Checkpoint {
  cycle: number
  heapUsed: number
  timers: number
  pageListeners: number
  channelListeners: number
  actorObservers: number
}

export interface SoakResult {
  checkpoints: Checkpoint[]
  refreshRequests: number
  mintRequests: number
  gcAvailable: boolean
}

/** A token endpoint that answers at once and keeps nothing but counts. */
function instantEndpoint() {
  const counts = { anonymous: 0, refresh_token: 0 }
  let serial = 0
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const { grantType } = JSON.parse(String(init?.body)) as { grantType: keyof typeof counts }
    counts[grantType] += 1
    serial += 1
    const body = {
      access_token: `OauthNG.JWS.soak-access-${serial}`,
      refresh_token: `JWS.soak-refresh-${serial}`,
      token_type: 'Bearer',
      expires_in: LIFETIME_S,
    }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { fetch, counts }
}

const gc = (globalThis as { gc?: () => void }).gc

function heapUsed(): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

/** Run `cycles` refresh cycles; measure at `checkpoints` evenly spaced points (and at 0). */
export async function runSoak(cycles: number, checkpoints = 10): Promise<SoakResult> {
  const endpoint = instantEndpoint()
  const page = createPage()
  const bus = createChannelBus()
  const session = createSession({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: 'https://wix.invalid/oauth2/token',
    fetch: endpoint.fetch,
    storage: { ...createMemoryStore(), shared: true },
    sync: true,
    BroadcastChannel: bus.channelFor('soak'),
    environment: { global: page.global, document: page.document },
    locks: createLocalLockManager(),
  })
  const observers = () => (session.actor as unknown as { observers: Set<unknown> }).observers.size
  let tokensChanged = 0
  session.on('tokensChanged', () => {
    tokensChanged += 1
  })
  session.start()
  await session.getAccessToken()

  const measured: Checkpoint[] = []
  const every = Math.max(1, Math.floor(cycles / checkpoints))
  for (let cycle = 0; cycle <= cycles; cycle += 1) {
    if (cycle % every === 0) {
      measured.push({
        cycle,
        heapUsed: heapUsed(),
        timers: vi.getTimerCount(),
        pageListeners: page.listenerCount,
        channelListeners: bus.listenerCount(),
        actorObservers: observers(),
      })
    }
    if (cycle === cycles) break
    // Callers arrive while the token is valid, then the refresh comes due and runs.
    const callers = [session.getAccessToken(), session.getTokens()]
    if (cycle % 10 === 5) callers.push(session.refresh())
    if (cycle % 25 === 7) page.show()
    if (cycle % 50 === 11) page.fire('focus')
    if (cycle % 100 === 13) {
      // Another tab says it backed off; the session holds back at most that long.
      bus.post(`headless-session:${MOCK_CLIENT_ID}`, {
        v: 1,
        type: 'backoff',
        from: 'other-tab',
        until: Date.now() + 100,
        attempt: 0,
      })
    }
    const changedBefore = tokensChanged
    await vi.advanceTimersByTimeAsync((LIFETIME_S / 2) * 1000)
    await Promise.all(callers)
    if (tokensChanged === changedBefore) throw new Error(`cycle ${cycle} did not refresh`)
  }
  session.stop()
  await vi.advanceTimersByTimeAsync(0)
  return {
    checkpoints: measured,
    refreshRequests: endpoint.counts.refresh_token,
    mintRequests: endpoint.counts.anonymous,
    gcAvailable: gc !== undefined,
  }
}
