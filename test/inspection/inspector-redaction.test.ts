/**
 * A session watched by `@statelyai/inspect` (the XState 5 inspector) through its
 * `createInspector` and an in-memory adapter, walked through a mint, refreshes, a failed
 * request, a rejected refresh token, a sign-out, a failed mint and a retry, against the
 * real mock Wix server. Every payload the adapter receives, and every raw event a plain
 * observer receives, is serialised the way inspectors serialise them, and searched for
 * every token the server issued.
 */
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect'
import stringify from 'safe-stable-stringify'
import { describe, expect, it } from 'vitest'
import type { InspectionEvent } from 'xstate'
import { createMemoryStore, type Session, tokenFingerprint } from '../../src/index'
import type { SessionOptions } from '../../src/options'
import type { MockWixServer } from '../../src/testing/index'
import { mockServer, sessionFor } from '../support/session-fixture'
import { captureIssuedTokens } from '../support/token-capture'

interface Recording {
  /** What the @statelyai/inspect adapter was sent, serialised as its WebSocket adapter does. */
  adapterPayloads: string[]
  adapterEvents: StatelyInspectionEvent[]
  /** Raw XState inspection events a plain observer got, serialised on arrival. */
  rawPayloads: string[]
  issued: readonly string[]
  issuedAccessTokens: readonly string[]
}

/** `@statelyai/inspect` converts events on an idle callback (a 0 ms timer in Node). */
const flushInspector = () => new Promise((resolve) => setTimeout(resolve, 50))

async function until(check: () => boolean, what: string, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Two sessions sharing one store and channel; one watched by @statelyai/inspect, one raw. */
async function watchedPair(server: MockWixServer, extra: Partial<SessionOptions> = {}) {
  const capture = captureIssuedTokens(server.tokenUrl)
  const adapterEvents: StatelyInspectionEvent[] = []
  const inspector = createInspector({ send: (event) => adapterEvents.push(event) })
  const rawPayloads: string[] = []
  const shared: Partial<SessionOptions> = {
    fetch: capture.fetch,
    storage: createMemoryStore(),
    sync: true,
    retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
    ...extra,
  }
  const watched = sessionFor(server, { ...shared, inspect: inspector.inspect })
  const raw = sessionFor(server, {
    ...shared,
    inspect: (event: InspectionEvent) => rawPayloads.push(stringify(event) ?? ''),
  })
  const recording = async (): Promise<Recording> => {
    await flushInspector()
    return {
      adapterEvents,
      adapterPayloads: adapterEvents.map((event) => stringify(event) ?? ''),
      rawPayloads,
      issued: capture.tokens,
      issuedAccessTokens: capture.accessTokens,
    }
  }
  return { watched, raw, recording }
}

function leakedTokens(payloads: readonly string[], tokens: readonly string[]): string[] {
  return tokens.filter((token) => payloads.some((payload) => payload.includes(token)))
}

/** The top-level states the adapter saw the watched session's machine in. */
function statesSeen(events: readonly StatelyInspectionEvent[]): Set<string> {
  const seen = new Set<string>()
  for (const event of events) {
    if (event.type !== '@xstate.snapshot') continue
    const value = (event.snapshot as { value?: unknown }).value
    if (typeof value === 'string') seen.add(value)
    else if (value && typeof value === 'object') for (const key of Object.keys(value)) seen.add(key)
  }
  return seen
}

const currentRefreshToken = async (session: Session) => (await session.getTokens()).refreshToken

describe('inspecting a session with @statelyai/inspect', () => {
  it('carries no token through mint, refresh, failure, rejection, sign-out and retry', async () => {
    const server = await mockServer()
    const { watched, raw, recording } = await watchedPair(server)
    watched.start()
    raw.start()

    await watched.getAccessToken() // mint (one of the two leads, the other adopts)
    await raw.getAccessToken()
    await watched.refresh() // refresh, announced to the other session
    server.injectFault({ grantType: 'refresh_token', status: 503 }, 1)
    await watched.refresh() // a transient failure, retried
    server.revokeRefreshToken(await currentRefreshToken(watched))
    await watched.refresh() // invalid_grant: the visitor is replaced
    await until(() => raw.snapshot.sessionId === watched.snapshot.sessionId, 'the adoption')

    server.injectFault({ grantType: 'anonymous', status: 503 }, 10)
    await expect(watched.signOut()).rejects.toMatchObject({ code: 'http' }) // mint fails twice
    await until(() => raw.state === 'failed' || raw.state === 'active', 'the other session')
    server.clearFaults()
    watched.retry()
    raw.retry()
    await watched.getAccessToken()
    await raw.getAccessToken()
    watched.stop()
    raw.stop()

    const seen = await recording()
    expect(seen.issuedAccessTokens.length).toBeGreaterThanOrEqual(5)
    expect([...statesSeen(seen.adapterEvents)]).toEqual(
      expect.arrayContaining(['restoring', 'anonymous', 'active', 'expiring', 'refreshing']),
    )
    expect(statesSeen(seen.adapterEvents).has('failed')).toBe(true)
    const kinds = new Set(seen.adapterEvents.map((event) => event.type))
    expect([...kinds].sort()).toEqual(['@xstate.actor', '@xstate.event', '@xstate.snapshot'])
    expect(seen.rawPayloads.length).toBeGreaterThan(100)

    expect(leakedTokens(seen.adapterPayloads, seen.issued)).toEqual([])
    expect(leakedTokens(seen.rawPayloads, seen.issued)).toEqual([])
    // Fingerprints stand in for the tokens, so sessions can still be told apart.
    const everything = [...seen.adapterPayloads, ...seen.rawPayloads].join('\n')
    for (const token of seen.issuedAccessTokens) {
      expect(everything).toContain(`[redacted ${tokenFingerprint(token)}]`)
    }
  })

  it('hands real tokens to the inspector only when revealTokensToInspector is set', async () => {
    const server = await mockServer()
    const { watched, raw, recording } = await watchedPair(server, { revealTokensToInspector: true })
    watched.start()
    raw.start()
    await watched.getAccessToken()
    await watched.refresh()
    await until(() => raw.snapshot.expiresAt === watched.snapshot.expiresAt, 'the adoption')
    watched.stop()
    raw.stop()

    const seen = await recording()
    expect(seen.issued.length).toBe(4)
    // The same search as above finds every token: the check can fail.
    expect(leakedTokens(seen.adapterPayloads, seen.issued)).toEqual(seen.issued)
    expect(leakedTokens(seen.rawPayloads, seen.issued)).toEqual(seen.issued)
  })
})
