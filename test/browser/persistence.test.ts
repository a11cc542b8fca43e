/**
 * The session's record in a real browser's IndexedDB: restored on reload, discarded when
 * corrupt, and replaced by memory (with a warning) when IndexedDB cannot be used.
 */
import { describe, expect, it } from 'vitest'
import { useBrowser, value } from './support/tabs'

const rig = useBrowser()

describe('IndexedDB persistence', () => {
  it('a reload restores the session from IndexedDB with no token request', async () => {
    const { server, open } = await rig.scene()
    const tab = await open()
    const token = value(await tab.token())
    await tab.reload()
    expect(value(await tab.token())).toBe(token)
    expect(server.requests).toHaveLength(1)
    expect(await tab.events()).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'restored' }),
    )
  })

  it('keeps the record in its own database and store, keyed by client ID', async () => {
    const { open } = await rig.scene()
    const tab = await open()
    const { sessionId } = value(await tab.tokenSet())
    const stored = await tab.page.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const request = indexedDB.open('headless-session')
          request.onerror = () => reject(request.error)
          request.onsuccess = () => {
            const read = request.result
              .transaction('sessions')
              .objectStore('sessions')
              .get('session:mock-client-id')
            read.onsuccess = () => resolve(read.result)
          }
        }),
    )
    expect(stored).toMatchObject({ version: 1, clientId: 'mock-client-id', tokens: { sessionId } })
  })

  it('discards a corrupt stored record with a warning and mints a new visitor, without crashing', async () => {
    const { server, open } = await rig.scene()
    const tab = await open({ autostart: 'false' })
    await tab.page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('headless-session', 1)
          request.onupgradeneeded = () => request.result.createObjectStore('sessions')
          request.onerror = () => reject(request.error)
          request.onsuccess = () => {
            const write = request.result
              .transaction('sessions', 'readwrite')
              .objectStore('sessions')
            write.put(
              { version: 1, clientId: 'mock-client-id', tokens: { accessToken: 42 } },
              'session:mock-client-id',
            )
            write.transaction.oncomplete = () => resolve()
          }
        }),
    )
    await tab.start()
    expect(value(await tab.token())).toMatch(/^OauthNG\.JWS\./)
    expect(await tab.events()).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        warning: expect.objectContaining({ code: 'corrupt_record' }),
      }),
    )
    expect(server.requests.map((request) => request.grantType)).toEqual(['anonymous'])
    expect(tab.errors).toEqual([])
  })
})

describe('without IndexedDB', () => {
  it('runs from memory and says so when the browser has no IndexedDB', async () => {
    const { context, open } = await rig.scene()
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })
    })
    const tab = await open()
    expect(value(await tab.token())).toMatch(/^OauthNG\.JWS\./)
    expect(await tab.events()).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        warning: expect.objectContaining({ code: 'storage_fallback' }),
      }),
    )
    expect((await tab.snapshot()).state).toBe('active')
  })

  it('runs from memory and says so when opening IndexedDB throws, as in a private window', async () => {
    const { context, open } = await rig.scene()
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException(
          'The user denied permission to access the database.',
          'SecurityError',
        )
      }
    })
    const tab = await open()
    const token = value(await tab.token())
    value(await tab.refresh())
    expect(value(await tab.token())).not.toBe(token)
    const warnings = (await tab.events()).filter((event) => event.type === 'warning')
    expect(warnings).toEqual([
      expect.objectContaining({ warning: expect.objectContaining({ code: 'storage_fallback' }) }),
    ])
    expect(tab.errors).toEqual([])
  })
})

describe('without Web Locks', () => {
  it('still works in one tab, and 20 concurrent callers at expiry cause one refresh request', async () => {
    const { server, context, open } = await rig.scene()
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'locks', {
        get: () => undefined,
        configurable: true,
      })
    })
    await context.clock.install()
    const tab = await open()
    expect(await tab.page.evaluate(() => navigator.locks)).toBeUndefined()
    const minted = value(await tab.token())
    await context.clock.setSystemTime(Date.now() + 5 * 60 * 60 * 1000)
    const answers = (await tab.tokens(20)).map(value)
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).not.toBe(minted)
    expect(server.requests.map((request) => request.grantType)).toEqual([
      'anonymous',
      'refresh_token',
    ])
  })
})
