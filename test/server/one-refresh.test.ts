/**
 * One refresh per expired cookie per process: concurrent requests carrying one expired
 * cookie share one token request (counted in the mock's log), a request that still carries
 * the spent cookie gets the new tokens without spending it again, what is kept is bounded
 * and expires by the clock alone, and nothing (timer, listener) outlives the calls.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { isServerSessionError } from '../../src/server/index'
import { createRefreshSharing, type Renewal } from '../../src/server/refresh-sharing'
import {
  cookieOf,
  grants,
  HOUR,
  memberTokens,
  movableClock,
  requestWith,
  serverStage,
} from './support'

/**
 * Timers the library (code under src/) arms with `setTimeout` from now on, and those of
 * them still pending: neither cleared nor fired. Node's fetch arms its own for its
 * connection pool, which belongs to the platform and is not counted.
 */
const LIBRARY_SOURCE = fileURLToPath(new URL('../../src/', import.meta.url))

function trackTimers() {
  const realSet = globalThis.setTimeout
  const realClear = globalThis.clearTimeout
  const pending = new Set<unknown>()
  let armed = 0
  const set = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const id = realSet(() => {
      pending.delete(id)
      callback(...args)
    }, ms)
    if (new Error().stack?.includes(LIBRARY_SOURCE)) {
      armed++
      pending.add(id)
    }
    return id
  }) as typeof setTimeout)
  const clear = vi.spyOn(globalThis, 'clearTimeout').mockImplementation((id) => {
    pending.delete(id)
    realClear(id)
  })
  return {
    armed: () => armed,
    pending,
    restore: () => {
      set.mockRestore()
      clear.mockRestore()
    },
  }
}

describe('concurrent requests with one expired cookie', () => {
  it('100 of them make exactly one refresh request and all get the same tokens', async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    clock.advance(5 * HOUR)
    // The refresh takes a while, so every request arrives while it is in flight.
    server.injectFault({ grantType: 'refresh_token', delayMs: 100 })
    const results = await Promise.all(
      Array.from({ length: 100 }, () => sessions.fromRequest(request())),
    )
    const refreshes = server.requests.filter((record) => record.grantType === 'refresh_token')
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]?.refreshToken).toBe(minted.tokens.refreshToken)
    expect(new Set(results.map((result) => result.accessToken)).size).toBe(1)
    for (const result of results) {
      expect(result).toMatchObject({ source: 'refreshed', replaced: false })
      expect(result.tokens).toEqual(results[0]?.tokens)
      expect(result.setCookie).toEqual(results[0]?.setCookie)
    }
    expect(results[0]?.tokens.sessionId).toBe(minted.tokens.sessionId)
  })

  it('a request arriving later with the spent cookie gets the new tokens with no request (rotating refresh tokens)', async () => {
    const { server, clock, sessions, request, store } = await serverStage(
      {},
      { rotateRefreshTokens: true },
    )
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    clock.advance(5 * HOUR)
    const staleCookie = request()
    const refreshed = await sessions.fromRequest(request())
    clock.advance(10_000) // a request the browser sent before it stored the new cookie
    const late = await sessions.fromRequest(staleCookie)
    expect(late.tokens).toEqual(refreshed.tokens)
    expect(late).toMatchObject({ source: 'refreshed', replaced: false })
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])

    // Past the window the spent token is sent again, and Wix refuses it: a new visitor.
    clock.advance(30_000)
    const tooLate = await sessions.fromRequest(staleCookie)
    expect(tooLate.replaced).toBe(true)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token', 'refresh_token', 'anonymous'])
  })

  it('a member refused once is refused to the requests that share or follow it, with no second request', async () => {
    const { server, clock, sessions } = await serverStage()
    const member = memberTokens(server, clock.now())
    server.revokeRefreshToken(member.refreshToken)
    clock.advance(5 * HOUR)
    server.injectFault({ grantType: 'refresh_token', delayMs: 50 })
    const cookie = cookieOf(member)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => sessions.fromRequest(requestWith(cookie))),
    )
    const late = await Promise.allSettled([sessions.fromRequest(requestWith(cookie))])
    for (const outcome of [...outcomes, ...late]) {
      expect(outcome.status).toBe('rejected')
      expect(
        isServerSessionError((outcome as PromiseRejectedResult).reason, 'member_session_ended'),
      ).toBe(true)
    }
    expect(grants(server)).toEqual(['refresh_token'])
  })

  it('leaves no timer or listener behind once the requests are answered', async () => {
    const { server, clock, sessions, request, store } = await serverStage({ requestTimeout: 5_000 })
    const timers = trackTimers()
    onTestFinished(timers.restore)
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    clock.advance(5 * HOUR)
    const signal = new AbortController().signal
    let listeners = 0
    const counted = Object.assign(signal, {
      addEventListener: (...args: Parameters<AbortSignal['addEventListener']>) => {
        listeners++
        EventTarget.prototype.addEventListener.apply(signal, args)
      },
      removeEventListener: (...args: Parameters<AbortSignal['removeEventListener']>) => {
        listeners--
        EventTarget.prototype.removeEventListener.apply(signal, args)
      },
    })
    await Promise.all(
      Array.from({ length: 20 }, () => sessions.fromRequest(request(), { signal: counted })),
    )
    server.injectFault({ grantType: 'refresh_token', status: 503 })
    clock.advance(5 * HOUR)
    await sessions.fromRequest(request()).catch(() => undefined)
    // Each token request armed its timeout (mint, refresh, failed refresh); none is left.
    expect(timers.armed()).toBeGreaterThanOrEqual(3)
    expect([...timers.pending]).toEqual([])
    expect(listeners).toBe(0)
  })

  it('a caller that stops waiting gets `aborted`; the shared refresh goes on for the others', async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    clock.advance(5 * HOUR)
    server.injectFault({ grantType: 'refresh_token', delayMs: 100 })
    const leaving = new AbortController()
    const gone = sessions.fromRequest(request(), { signal: leaving.signal })
    const staying = sessions.fromRequest(request())
    leaving.abort()
    await expect(gone).rejects.toMatchObject({ code: 'aborted' })
    expect((await staying).source).toBe('refreshed')
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
  })
})

describe('the refresh-sharing maps', () => {
  const renewal = (name: string): Renewal => ({
    kind: 'refreshed',
    tokens: {
      sessionId: name,
      accessToken: `a-${name}`,
      refreshToken: `r-${name}`,
      issuedAt: 0,
      expiresAt: HOUR,
      role: 'visitor',
    },
  })

  it('forget a spent token by the clock alone, and are bounded in size', async () => {
    const clock = movableClock(1_000_000)
    const sharing = createRefreshSharing({ now: clock.now, window: 30_000, max: 3 })
    let runs = 0
    const run = (name: string) => () => {
      runs++
      return Promise.resolve(renewal(name))
    }
    await sharing.renew('t1', run('one'))
    clock.advance(29_999)
    expect(await sharing.renew('t1', run('again'))).toEqual(renewal('one'))
    expect(runs).toBe(1)
    clock.advance(1)
    expect(await sharing.renew('t1', run('later'))).toEqual(renewal('later'))
    expect(runs).toBe(2)
    // Four more spent tokens: the oldest is forgotten, the bound holds.
    for (const name of ['t2', 't3', 't4', 't5']) await sharing.renew(name, run(name))
    expect(runs).toBe(6)
    await sharing.renew('t1', run('t1 forgotten'))
    expect(runs).toBe(7)
    await sharing.renew('t5', run('t5 kept'))
    expect(runs).toBe(7)
  })

  it('run a refresh unshared once the in-flight map is full, and keep nothing with a window of 0', async () => {
    const clock = movableClock()
    const sharing = createRefreshSharing({ now: clock.now, window: 0, max: 1 })
    let runs = 0
    const slow = () => {
      runs++
      return new Promise<Renewal>((resolve) => setTimeout(() => resolve(renewal('slow')), 20))
    }
    await Promise.all([
      sharing.renew('a', slow),
      sharing.renew('a', slow),
      sharing.renew('b', slow),
      sharing.renew('b', slow),
    ])
    expect(runs).toBe(3) // 'a' shared; 'b' found the map full
    await sharing.renew('a', slow)
    expect(runs).toBe(4)
  })

  it('take an entry spent "in the future" (a clock set back) as stale', async () => {
    const clock = movableClock(5_000_000)
    const sharing = createRefreshSharing({ now: clock.now, window: 30_000, max: 10 })
    let runs = 0
    const run = () => {
      runs++
      return Promise.resolve(renewal('x'))
    }
    await sharing.renew('t', run)
    clock.advance(-60_000)
    await sharing.renew('t', run)
    expect(runs).toBe(2)
  })
})
