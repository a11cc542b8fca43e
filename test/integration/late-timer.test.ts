/**
 * A refresh that falls due while the session's timer is hours away: a process resumed
 * after a laptop slept, a worker, any runtime without page-lifecycle events. The timer
 * was armed on the monotonic clock; only the wall clock moved. No fake timers are used
 * and no wake event is sent: the hand-out itself must notice that the refresh is due.
 */
import { describe, expect, it } from 'vitest'
import type { MockFault } from '../../src/testing/index'
import { WIX_ACCESS_TOKEN_LIFETIME } from '../../src/testing/index'
import { mockServer, nextEvent, sessionFor, whoami } from '../support/session-fixture'

const LIFETIME_MS = WIX_ACCESS_TOKEN_LIFETIME * 1000
/** Where the wall clock lands: inside the 5-minute refresh margin, 30 s before expiry. */
const INTO_THE_MARGIN = LIFETIME_MS - 30_000

async function staged() {
  const server = await mockServer()
  let offset = 0
  const session = sessionFor(server, {
    now: () => Date.now() + offset,
    environment: false,
    requestTimeout: 250,
  }).start()
  const held = await session.getTokens()
  server.clearRequests()
  return {
    server,
    session,
    held,
    /** The wall clock jumps; no timer fires because of it. */
    moveClock: (ms: number) => {
      offset += ms
    },
    refreshRequests: () => server.requests.filter((r) => r.grantType === 'refresh_token'),
  }
}

/** Resolves once `check` holds, polling every 5 ms; rejects after `timeout`. */
async function until(check: () => boolean, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('a refresh that falls due while the timer sleeps', () => {
  it('hands out the held token at once and starts the refresh the wall clock says is due', async () => {
    const { server, session, held, moveClock, refreshRequests } = await staged()
    moveClock(INTO_THE_MARGIN)

    const changed = nextEvent(session, 'tokensChanged')
    expect(await session.getAccessToken()).toBe(held.accessToken)
    // The hand-out did not wait for the refresh: nothing had been answered yet.
    expect(refreshRequests().every((request) => request.outcome !== 'issued')).toBe(true)

    // Bounded: on a session that only trusts its timer, the refresh would come hours later.
    await until(() => refreshRequests().length === 1)
    expect((await changed).reason).toBe('refreshed')
    expect(refreshRequests()).toHaveLength(1)
    const fresh = await session.getAccessToken()
    expect(fresh).not.toBe(held.accessToken)
    const [before, after] = await Promise.all([
      whoami(server, held.accessToken),
      whoami(server, fresh),
    ])
    expect(after.body.visitorId).toBe(before.body.visitorId)
  })

  const transientFaults: [string, MockFault][] = [
    ['HTTP 503', { status: 503 }],
    ['HTTP 429 with Retry-After', { status: 429, retryAfter: 1 }],
    ['a dropped connection', { drop: true }],
    ['no answer', { hang: true }],
    ['malformed JSON', { malformedJson: true }],
  ]

  it.each(transientFaults)(
    'keeps serving the valid token through %s and recovers by itself once it passes',
    async (_name, fault) => {
      const { server, session, held, moveClock, refreshRequests } = await staged()
      server.injectFault({ ...fault, grantType: 'refresh_token' }, 2)
      moveClock(INTO_THE_MARGIN)

      const changed = nextEvent(session, 'tokensChanged')
      const served: string[] = []
      const settled = () => refreshRequests().filter((request) => request.outcome !== 'pending')
      // Callers keep asking while the faults play out; each is answered with the held token.
      const deadline = Date.now() + 5000
      while (settled().length < 2) {
        if (Date.now() > deadline) throw new Error('the faulted refreshes were never attempted')
        served.push(await session.getAccessToken({ timeout: 100 }))
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      expect(new Set(served)).toEqual(new Set([held.accessToken]))
      expect(session.state).not.toBe('failed')

      const event = await changed
      expect(event.reason).toBe('refreshed')
      // Two faults, then the answer: within the default retry budget of four attempts.
      expect(refreshRequests()).toHaveLength(3)
      await until(() => session.peekTokens()?.accessToken !== held.accessToken)
      expect((await whoami(server, await session.getAccessToken())).status).toBe(200)
    },
  )
})
