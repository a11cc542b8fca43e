/**
 * Hostile input in a real browser: records in IndexedDB that the session did not write
 * (truncated, tampered with, built to pollute prototypes), and messages on the tab channel
 * of the wrong shape, an unknown version, enormous size or prototype keys. None may crash
 * the page, pollute a prototype, or cost a valid session; no token may reach the console.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { HOSTILE_RECORDS } from '../resilience/support/hostile-records'
import { FULL } from '../resilience/support/resilience-size'
import { type Tab, useBrowser, value } from './support/tabs'

const rig = useBrowser()

/** The damage kinds played in `npm test`; RESILIENCE=full plays every one. */
const CI_RECORDS = [
  'JSON cut off mid-token',
  'tokens missing the refresh token',
  'an access token of the wrong type',
  'another client’s record',
  '__proto__ and constructor keys in place of tokens',
]
const records = FULL ? HOSTILE_RECORDS : HOSTILE_RECORDS.filter((r) => CI_RECORDS.includes(r.name))

/** Write `text` (parsed when it is JSON) as the session's record, as another script could. */
function writeRecord(page: Page, text: string) {
  return page.evaluate(
    (raw) =>
      new Promise<void>((resolve, reject) => {
        let record: unknown
        try {
          record = JSON.parse(raw)
        } catch {
          record = raw
        }
        const request = indexedDB.open('headless-session')
        request.onupgradeneeded = () => request.result.createObjectStore('sessions')
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const write = request.result.transaction('sessions', 'readwrite').objectStore('sessions')
          write.put(record, 'session:mock-client-id')
          write.transaction.oncomplete = () => {
            request.result.close()
            resolve()
          }
        }
      }),
    text,
  )
}

function polluted(page: Page) {
  return page.evaluate(
    () =>
      Object.hasOwn(Object.prototype, 'polluted') ||
      Object.hasOwn(Array.prototype, 'polluted') ||
      ({} as Record<string, unknown>).polluted !== undefined,
  )
}

async function warningsOf(tab: Tab) {
  return (await tab.events()).flatMap((event) =>
    event.type === 'warning' ? [event.warning.code] : [],
  )
}

describe('records in IndexedDB the session did not write', () => {
  it.each(records)(
    'at start, $name is reported and replaced by one new visitor',
    async (hostile) => {
      const { server, open } = await rig.scene()
      const tab = await open({ autostart: 'false' })
      await writeRecord(tab.page, hostile.text)
      await tab.start()
      expect(value(await tab.token())).toMatch(/^OauthNG\.JWS\./)
      expect(await warningsOf(tab)).toEqual([hostile.warning])
      expect(server.requests.map((request) => request.grantType)).toEqual(['anonymous'])
      expect(await polluted(tab.page)).toBe(false)
      expect(tab.errors).toEqual([])
    },
  )

  it.each(records)(
    'while a valid session is held, $name written over it does not cost the visitor',
    async (hostile) => {
      const { server, open } = await rig.scene()
      const tab = await open()
      const before = value(await tab.tokenSet())
      await writeRecord(tab.page, hostile.text)

      const fresh = value(await tab.refresh())
      expect(fresh).not.toBe(before.accessToken)
      expect(value(await tab.tokenSet()).sessionId).toBe(before.sessionId)
      const events = await tab.events()
      expect(events.filter((event) => event.type === 'signedOut')).toEqual([])
      expect(await warningsOf(tab)).toEqual([hostile.warning])
      expect(server.requests.map((request) => request.grantType)).toEqual([
        'anonymous',
        'refresh_token',
      ])
      // The damaged record was replaced by the refreshed session: a reload restores it.
      await tab.reload()
      expect(value(await tab.token())).toBe(fresh)
      expect(server.requests).toHaveLength(2)
      expect(await polluted(tab.page)).toBe(false)
      expect(tab.errors).toEqual([])
    },
  )
})

describe('messages on the tab channel from a page that is not a session', () => {
  it('ignores every malformed, unknown, enormous or prototype-keyed message', async () => {
    const { server, open } = await rig.scene()
    const tab = await open()
    const held = value(await tab.tokenSet())
    const logged: string[] = []
    tab.page.on('console', (message) => logged.push(message.text()))
    const forger = await open({ autostart: 'false' })

    const posted = await forger.page.evaluate((current) => {
      const channel = new BroadcastChannel('headless-session:mock-client-id')
      const at = Date.now()
      const tokens = {
        ...current,
        accessToken: 'OauthNG.JWS.forged',
        refreshToken: 'JWS.forged',
        issuedAt: at + 1,
      }
      const hostile: unknown[] = [
        null,
        42,
        'session',
        [],
        [{ v: 1, type: 'session', from: 'forger', tokens }],
        {},
        { v: 2, type: 'session', from: 'forger', tokens },
        { v: '1', type: 'session', from: 'forger', tokens },
        { v: 1, type: 'session', from: '', tokens },
        { v: 1, type: 'session', from: 'x'.repeat(10_000), tokens },
        { v: 1, type: 'session', from: 'forger' },
        { v: 1, type: 'session', from: 'forger', tokens: { ...tokens, expiresAt: 'later' } },
        { v: 1, type: 'session', from: 'forger', tokens: { ...tokens, role: 'admin' } },
        {
          v: 1,
          type: 'session',
          from: 'forger',
          tokens: { ...tokens, accessToken: 'x'.repeat(4_000_000) },
        },
        // Well formed, but not what the store holds: a forgery must never replace a session.
        { v: 1, type: 'session', from: 'forger', tokens },
        { v: 1, type: 'signed-out', from: 'forger' },
        { v: 1, type: 'signed-out', from: 'forger', sessionId: 42 },
        { v: 1, type: 'signed-out', from: 'forger', sessionId: 'y'.repeat(1000) },
        { v: 1, type: 'backoff', from: 'forger', until: 'soon', attempt: 1 },
        { v: 1, type: 'backoff', from: 'forger', until: Number.NaN, attempt: 1 },
        { v: 1, type: 'backoff', from: 'forger', until: Number.POSITIVE_INFINITY, attempt: 1 },
        { v: 1, type: 'backoff', from: 'forger', until: at + 10_000, attempt: -1 },
        { v: 1, type: 'backoff', from: 'forger', until: at + 10_000, attempt: 1.5 },
        { v: 1, type: 'unknown', from: 'forger' },
        JSON.parse(
          '{"__proto__": {"polluted": true}, "v": 1, "type": "session", "from": "forger"}',
        ),
        JSON.parse(
          `{"v": 1, "type": "session", "from": "forger", "constructor": {"prototype": {"polluted": true}}, "tokens": {"__proto__": {"polluted": true}, "sessionId": "forged"}}`,
        ),
        new Uint8Array(8 * 1024 * 1024),
        'z'.repeat(8 * 1024 * 1024),
      ]
      for (const message of hostile) channel.postMessage(message)
      channel.close()
      return hostile.length
    }, held)
    expect(posted).toBeGreaterThan(25)

    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(value(await tab.tokenSet())).toEqual(held)
    expect((await tab.snapshot()).state).toBe('active')
    expect(await polluted(tab.page)).toBe(false)
    expect(tab.errors).toEqual([])
    // Nothing was held back or disturbed: a refresh goes out at once and keeps the visitor.
    const fresh = value(await tab.refresh())
    expect(value(await tab.tokenSet()).sessionId).toBe(held.sessionId)
    expect(server.requests.map((request) => request.grantType)).toEqual([
      'anonymous',
      'refresh_token',
    ])
    for (const line of logged) {
      for (const token of [held.accessToken, held.refreshToken, fresh])
        expect(line).not.toContain(token)
    }
  })
})
