/**
 * `createCookieStore().watch()`: it reports session cookies that someone else wrote (a
 * server's `Set-Cookie`, another tab), never the store's own writes nor other cookies,
 * through change events where the page has them, else on visibility and by polling; and
 * stopping leaves no timer or listener. Over a `document` double in Node with fake timers;
 * the real Cookie Store API is exercised in Chromium (test/browser/server-hand-off.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCookieStore, DEFAULT_COOKIE_WATCH_INTERVAL_MS } from '../../src/index'
import { encodeRecord } from '../../src/storage/record'
import { CountingTarget } from '../resilience/support/counting-doubles'
import { createTestCookieJar } from '../support/cookie-jar'

const record = (accessToken: string) =>
  encodeRecord(
    {
      sessionId: 's',
      accessToken,
      refreshToken: `JWS.${accessToken}`,
      issuedAt: 1,
      expiresAt: 2,
      role: 'visitor',
    },
    'client',
    3,
  )

/** A document whose cookies are a test jar and which fires events, like a page's. */
function pageDocument() {
  const jar = createTestCookieJar()
  const document = Object.defineProperty(new CountingTarget(), 'cookie', {
    get: () => jar.cookie,
    set: (header: string) => {
      jar.cookie = header
    },
  }) as CountingTarget & { cookie: string }
  return { jar, document }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the cookie store watch', () => {
  it("reports another writer's session cookie within one poll, and never its own writes or other cookies", async () => {
    const { jar, document } = pageDocument()
    const store = createCookieStore({ document })
    const other = createCookieStore({ document })
    const onChange = vi.fn()
    const stop = store.watch?.(onChange)
    await store.set(record('mine'))
    jar.plant('theme', 'dark')
    await vi.advanceTimersByTimeAsync(DEFAULT_COOKIE_WATCH_INTERVAL_MS * 3)
    expect(onChange).not.toHaveBeenCalled()

    await other.set(record('server'))
    await vi.advanceTimersByTimeAsync(DEFAULT_COOKIE_WATCH_INTERVAL_MS)
    expect(onChange).toHaveBeenCalledTimes(1)
    await other.delete()
    await vi.advanceTimersByTimeAsync(DEFAULT_COOKIE_WATCH_INTERVAL_MS)
    expect(onChange).toHaveBeenCalledTimes(2)
    stop?.()
  })

  it('reads again at once when the page becomes visible, without waiting for the poll', async () => {
    const { document } = pageDocument()
    const store = createCookieStore({ document, watchInterval: 0 })
    const onChange = vi.fn()
    const stop = store.watch?.(onChange)
    await createCookieStore({ document }).set(record('server'))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(onChange).not.toHaveBeenCalled()
    document.dispatchEvent(new Event('visibilitychange'))
    expect(onChange).toHaveBeenCalledTimes(1)
    stop?.()
  })

  it('stops without a timer or listener left behind', () => {
    const { document } = pageDocument()
    const store = createCookieStore({ document })
    const stops = [store.watch?.(() => undefined), store.watch?.(() => undefined)]
    expect(vi.getTimerCount()).toBe(2)
    expect(document.listenerCount).toBe(2)
    for (const stop of stops) stop?.()
    expect(vi.getTimerCount()).toBe(0)
    expect(document.listenerCount).toBe(0)
  })

  it('reports nothing, and throws nothing, where cookies cannot be read (a sandboxed iframe)', async () => {
    const sandboxed = {
      get cookie(): string {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
      set cookie(_header: string) {
        throw new DOMException('The document is sandboxed', 'SecurityError')
      },
    }
    const onChange = vi.fn()
    const stop = createCookieStore({ document: sandboxed }).watch?.(onChange)
    await vi.advanceTimersByTimeAsync(DEFAULT_COOKIE_WATCH_INTERVAL_MS * 3)
    expect(onChange).not.toHaveBeenCalled()
    stop?.()
  })

  it('refuses a negative watchInterval', () => {
    expect(() => createCookieStore({ document: createTestCookieJar(), watchInterval: -1 })).toThrow(
      /watchInterval/,
    )
  })
})
