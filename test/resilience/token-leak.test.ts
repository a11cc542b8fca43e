/**
 * No token in an error, a warning or a log line: a session against the mock Wix server is
 * put through faults whose bodies echo its own tokens back, and through a store whose
 * errors quote the record it was asked to write. Everything people could read is kept
 * (console output, emitted events, rejections, snapshots) and searched for every token
 * that crossed the wire, Wix-shaped or opaque.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createMemoryStore, type Session } from '../../src/index'
import type { SessionOptions } from '../../src/options'
import type { SessionRecord, SessionStore } from '../../src/storage/store'
import type { MockWixServer } from '../../src/testing/index'
import { mockServer, sessionFor } from '../support/session-fixture'
import { findTokens, tokenWatchingFetch } from './support/token-scan'

const HOUR = 60 * 60 * 1000
let readable: unknown[]

beforeEach(() => {
  readable = []
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      readable.push(...args)
    })
  }
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** A watched session: every token on the wire is noted, everything it says is kept. */
async function watched(options: Partial<SessionOptions> = {}) {
  const server = await mockServer()
  const wire = new Set<string>()
  let offset = 0
  const session = sessionFor(server, {
    requestTimeout: 300,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    fetch: tokenWatchingFetch(wire),
    now: () => Date.now() + offset,
    ...options,
  })
  session.on('*', (event: SessionEmitted) => readable.push(event))
  session.subscribe((snapshot) => readable.push(snapshot.error))
  return {
    server,
    session,
    wire,
    expire: () => {
      offset += 5 * HOUR
    },
  }
}

/** Run `work` and keep its rejection, whatever it is. */
async function keepRejection(work: Promise<unknown>) {
  await work.catch((error: unknown) => readable.push(error))
}

/** Every place a token was found, named by what carried it, so a failure says where. */
function expectNoTokenIn(wire: Set<string>) {
  expect(wire.size).toBeGreaterThan(0)
  const leaks = readable.flatMap((item) =>
    findTokens(wire, item).length === 0 ? [] : [describeCarrier(item)],
  )
  expect(leaks).toEqual([])
}

function describeCarrier(item: unknown): string {
  if (item instanceof Error)
    return `${item.name} ${(item as { code?: string }).code ?? ''}: ${item.message}`
  const event = item as { type?: string; warning?: { code: string } } | null
  return event?.type ? `event ${event.type} ${event.warning?.code ?? ''}` : String(item)
}

/** Faults that echo back the tokens the session holds (`held`), in every place a body can. */
const ECHOES = [
  (access: string, refresh: string) => ({
    status: 400,
    body: {
      message: `refresh token ${refresh} is not valid`,
      error: refresh,
      details: {
        applicationError: {
          code: 'invalid_grant',
          description: `${access} ${refresh}`,
          data: { accessToken: access, refreshToken: refresh },
        },
      },
    },
  }),
  (access: string, refresh: string) => ({
    status: 500,
    rawBody: `<html><body><pre>upstream said: ${access} ${refresh}</pre></body></html>`,
    contentType: 'text/html',
  }),
  (access: string, refresh: string) => ({
    status: 429,
    retryAfter: 0,
    body: {
      message: `${access} ${refresh}`,
      details: { validationError: { fieldViolations: [{ field: refresh }] } },
    },
  }),
  (access: string, refresh: string) => ({
    status: 200,
    rawBody: `{"access_token":"${access}","refresh_token":"${refresh}","expires_in":`,
    contentType: 'application/json',
  }),
  (_access: string, refresh: string) => ({
    response: { access_token: 42, refresh_token: refresh, expires_in: refresh },
  }),
]

async function playEchoes(session: Session, server: MockWixServer, expire: () => void) {
  for (const echo of ECHOES) {
    const held = await session.getTokens()
    server.injectFault({ grantType: 'refresh_token', ...echo(held.accessToken, held.refreshToken) })
    await keepRejection(session.refresh())
  }
  // Echoes once the held token has expired: now they reach the callers as errors.
  for (const echo of ECHOES.slice(1)) {
    const held = await session.getTokens()
    server.injectFault(
      { grantType: 'refresh_token', ...echo(held.accessToken, held.refreshToken) },
      2,
    )
    expire()
    await keepRejection(session.getAccessToken())
    readable.push(session.snapshot.error)
    session.retry()
    await keepRejection(session.getAccessToken())
  }
}

describe('tokens the server issued', () => {
  it('never appear anywhere, however the server echoes them back', async () => {
    const { server, session, wire, expire } = await watched()
    session.start()
    await playEchoes(session, server, expire)
    expect(readable.some((item) => item instanceof Error)).toBe(true)
    expectNoTokenIn(wire)
  })

  it('never appear anywhere when they are opaque strings instead of Wix-shaped ones', async () => {
    const { server, session, wire, expire } = await watched()
    // Every visitor this server mints gets opaque tokens, the replacements included.
    server.injectFault(
      {
        grantType: 'anonymous',
        response: {
          access_token: 'opaque-access-7f3a91',
          refresh_token: 'opaque-refresh-c24e08',
          expires_in: 14_400,
        },
      },
      Number.POSITIVE_INFINITY,
    )
    session.start()
    await playEchoes(session, server, expire)
    expect(wire).toContain('opaque-refresh-c24e08')
    expectNoTokenIn(wire)
  })
})

describe('a store whose errors quote what it was given', () => {
  const quoting = (): SessionStore => {
    const inner = createMemoryStore()
    const fail = (what: string, record: unknown) => {
      throw new Error(`${what} failed for ${JSON.stringify(record)}`)
    }
    return {
      name: 'quoting',
      get: () => inner.get(),
      set: async (record: SessionRecord) => fail('write', record),
      delete: async () => fail('delete', await inner.get()),
    }
  }

  it.each([
    ['Wix-shaped', null],
    [
      'opaque',
      {
        access_token: 'opaque-access-91d2e7',
        refresh_token: 'opaque-refresh-0b5c63',
        expires_in: 14_400,
      },
    ],
  ])('never puts %s tokens into its warnings', async (_shape, response) => {
    const { server, session, wire } = await watched({ storage: quoting() })
    if (response) server.injectFault({ grantType: 'anonymous', response }, 2)
    session.start()
    await session.getAccessToken()
    await session.refresh().catch((error: unknown) => readable.push(error))
    await session.signOut().catch((error: unknown) => readable.push(error))
    expect(readable.some((item) => (item as SessionEmitted)?.type === 'warning')).toBe(true)
    expectNoTokenIn(wire)
  })
})
