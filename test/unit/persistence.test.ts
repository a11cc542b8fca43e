import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import { createPersistence } from '../../src/actors/persistence'
import { createMemoryStore } from '../../src/storage/memory'
import { encodeRecord } from '../../src/storage/record'
import type { SessionRecord, SessionStore } from '../../src/storage/store'

const CLIENT = 'client'
let serial = 0
const tokens = (issuedAt: number, sessionId = 'visitor'): TokenSet => {
  serial += 1
  return {
    sessionId,
    accessToken: `A${serial}`,
    refreshToken: `R${serial}`,
    issuedAt,
    expiresAt: issuedAt + 1000,
    role: 'visitor',
  }
}

/** A store without `update`, to prove the read-then-write path behaves the same. */
function plainStore(): SessionStore & { value: unknown } {
  const store = {
    value: undefined as unknown,
    get: async () => store.value,
    set: async (record: SessionRecord) => {
      store.value = record
    },
    delete: async () => {
      store.value = undefined
    },
  }
  return store
}

describe.each([
  ['a store with atomic update', createMemoryStore],
  ['a store without update', plainStore],
])('persistence over %s', (_name, makeStore) => {
  it('loads nothing, commits a new visitor, then loads it back', async () => {
    const store = makeStore()
    const persistence = createPersistence({ store, clientId: CLIENT, now: () => 5 })
    // A memory store is this tab's own; a store without the flag is taken to be shared.
    const shared = store.shared !== false
    expect(await persistence.load()).toEqual({ tokens: null, readable: true, shared, warnings: [] })
    const minted = tokens(1)
    expect(await persistence.commit({ tokens: minted, replaces: null })).toEqual({
      outcome: 'committed',
      tokens: minted,
      warnings: [],
    })
    expect((await persistence.load()).tokens).toEqual(minted)
  })

  it('commits a refresh only over the refresh token it spent', async () => {
    const persistence = createPersistence({ store: makeStore(), clientId: CLIENT, now: () => 5 })
    const first = tokens(1)
    await persistence.commit({ tokens: first, replaces: null })
    const second = tokens(2)
    expect(
      (await persistence.commit({ tokens: second, replaces: first.refreshToken })).outcome,
    ).toBe('committed')
    const late = tokens(3)
    expect(await persistence.commit({ tokens: late, replaces: first.refreshToken })).toEqual({
      outcome: 'superseded',
      tokens: second,
      warnings: [],
    })
    expect((await persistence.load()).tokens).toEqual(second)
  })

  it('lets a newer visitor win over an older one, whichever commits last', async () => {
    const persistence = createPersistence({ store: makeStore(), clientId: CLIENT, now: () => 5 })
    const newer = tokens(20, 'newer')
    await persistence.commit({ tokens: newer, replaces: null })
    expect(
      (await persistence.commit({ tokens: tokens(10, 'older'), replaces: null })).tokens,
    ).toEqual(newer)
    expect(
      (await persistence.commit({ tokens: tokens(30, 'newest'), replaces: null })).outcome,
    ).toBe('committed')
  })

  it('reports a refresh over an emptied store as superseded by nothing', async () => {
    const persistence = createPersistence({ store: makeStore(), clientId: CLIENT, now: () => 5 })
    expect(await persistence.commit({ tokens: tokens(1), replaces: 'R-gone' })).toEqual({
      outcome: 'superseded',
      tokens: null,
      warnings: [],
    })
  })

  it('reports a corrupt record as unreadable, never as a sign-out, and lets any commit replace it', async () => {
    const store = makeStore()
    const corrupt = { version: 1, clientId: CLIENT, tokens: { broken: true } }
    await store.set(corrupt as unknown as SessionRecord)
    const persistence = createPersistence({ store: store, clientId: CLIENT, now: () => 5 })
    const loaded = await persistence.load()
    expect(loaded).toMatchObject({
      tokens: null,
      readable: false,
      warnings: [{ code: 'corrupt_record' }],
    })
    expect(await store.get()).toEqual(corrupt)
    const refreshed = tokens(1)
    expect(await persistence.commit({ tokens: refreshed, replaces: 'R-held' })).toEqual({
      outcome: 'committed',
      tokens: refreshed,
      warnings: [],
    })
    expect((await persistence.load()).tokens).toEqual(refreshed)
  })

  it('keeps announced tokens unless it holds later ones, and forgets only the session named', async () => {
    const persistence = createPersistence({ store: makeStore(), clientId: CLIENT, now: () => 5 })
    const first = tokens(1, 'visitor-a')
    await persistence.keepAnnounced(first)
    expect((await persistence.peek())?.tokens).toEqual(first)
    const refreshed = tokens(2, 'visitor-a')
    await persistence.keepAnnounced(refreshed)
    await persistence.keepAnnounced(first)
    expect((await persistence.peek())?.tokens).toEqual(refreshed)

    // A later generation wins even when a clock set back made it look earlier.
    const afterClockChange = { ...tokens(0, 'visitor-a'), generation: 5 }
    await persistence.keepAnnounced(afterClockChange)
    expect((await persistence.peek())?.tokens).toEqual(afterClockChange)
    await persistence.keepAnnounced(refreshed)
    expect((await persistence.peek())?.tokens).toEqual(afterClockChange)

    await persistence.forgetAnnounced('visitor-b')
    expect((await persistence.peek())?.tokens).toEqual(afterClockChange)
    await persistence.forgetAnnounced('visitor-a')
    expect(await persistence.peek()).toBeNull()
    expect((await persistence.load()).warnings).toEqual([])
  })

  it('forgets only the session signed out, and nothing when none is named (compare-and-delete)', async () => {
    const store = makeStore()
    const persistence = createPersistence({ store, clientId: CLIENT, now: () => 5 })
    const login = tokens(1, 'member-login')
    await persistence.commit({ tokens: login, replaces: null, force: true })
    expect((await persistence.forget('signed-out-before')).warnings).toEqual([])
    expect((await persistence.forget(null)).warnings).toEqual([])
    expect((await persistence.load()).tokens).toEqual(login)
    await persistence.forget('member-login')
    expect((await persistence.load()).tokens).toBeNull()
  })

  it('leaves a record of a newer version in place', async () => {
    const store = makeStore()
    const newer = { ...encodeRecord(tokens(1), CLIENT, 5), version: 2 } as unknown as SessionRecord
    await store.set(newer)
    const loaded = await createPersistence({ store: store, clientId: CLIENT, now: () => 5 }).load()
    expect(loaded.warnings[0]?.code).toBe('unknown_version')
    expect(await store.get()).toEqual(newer)
  })
})

describe('persistence over a failing store', () => {
  const failing = (overrides: Partial<SessionStore> = {}): SessionStore => ({
    name: 'broken-store',
    get: () => Promise.reject(new Error('disk on fire; token JWS.leaked')),
    set: () => Promise.reject(new Error('quota exceeded')),
    delete: () => Promise.reject(new Error('locked')),
    ...overrides,
  })

  it('falls back to memory when the store cannot be read, says so once, and leaks no token', async () => {
    const persistence = createPersistence({ store: failing(), clientId: CLIENT, now: () => 5 })
    const first = await persistence.load()
    expect(first).toMatchObject({
      tokens: null,
      readable: false,
      warnings: [{ code: 'storage_fallback' }],
    })
    expect(first.warnings[0]?.message).toContain('broken-store')
    expect(first.warnings[0]?.message).not.toContain('JWS.leaked')
    expect(persistence.shared).toBe(false)

    const minted = tokens(1)
    expect(await persistence.commit({ tokens: minted, replaces: null })).toEqual({
      outcome: 'committed',
      tokens: minted,
      warnings: [],
    })
    expect(await persistence.load()).toEqual({
      tokens: minted,
      readable: true,
      shared: false,
      endedMember: false,
      warnings: [],
    })
    expect((await persistence.clear()).shared).toBe(false)
  })

  it('carries the last record it saw into memory when the store breaks later', async () => {
    let broken = false
    const healthy = createMemoryStore()
    const flaky: SessionStore = {
      name: 'flaky',
      get: () => (broken ? Promise.reject(new Error('gone')) : healthy.get()),
      set: (record) => (broken ? Promise.reject(new Error('gone')) : healthy.set(record)),
      delete: () => (broken ? Promise.reject(new Error('gone')) : healthy.delete()),
    }
    const persistence = createPersistence({ store: flaky, clientId: CLIENT, now: () => 5 })
    const minted = tokens(1)
    await persistence.commit({ tokens: minted, replaces: null })
    broken = true
    const refreshed = tokens(2)
    const result = await persistence.commit({ tokens: refreshed, replaces: minted.refreshToken })
    expect(result).toMatchObject({ outcome: 'committed', warnings: [{ code: 'storage_fallback' }] })
    expect((await persistence.load()).tokens).toEqual(refreshed)
  })

  it('treats a store that does not answer as broken', async () => {
    const hung = failing({ get: () => new Promise(() => undefined) })
    const persistence = createPersistence({
      store: hung,
      clientId: CLIENT,
      now: () => 5,
      storageTimeoutMs: 20,
    })
    const loaded = await persistence.load()
    expect(loaded.warnings[0]?.message).toMatch(/did not answer within 20 ms/)
  })

  it('reports the warnings it was created with on the first load only', async () => {
    const warning = {
      code: 'storage_fallback' as const,
      message: 'IndexedDB is not available here',
    }
    const persistence = createPersistence({
      store: createMemoryStore(),
      clientId: CLIENT,
      now: () => 5,
      initialWarnings: [warning],
    })
    expect((await persistence.load()).warnings).toEqual([warning])
    expect((await persistence.load()).warnings).toEqual([])
  })

  it('peeks at the stored tokens without discarding anything', async () => {
    const store = createMemoryStore()
    const persistence = createPersistence({ store, clientId: CLIENT, now: () => 5 })
    expect(await persistence.peek()).toBeNull()
    const minted = tokens(1)
    await persistence.commit({ tokens: minted, replaces: null })
    expect((await persistence.peek())?.tokens).toEqual(minted)
    const corrupt = { version: 1, clientId: CLIENT, tokens: 'garbage' } as unknown as SessionRecord
    await store.set(corrupt)
    expect(await persistence.peek()).toBeNull()
    expect(await store.get()).toEqual(corrupt)
  })
})

describe('announcements kept in a store that fails', () => {
  it('report the fallback with the next load, not never', async () => {
    const persistence = createPersistence({
      store: {
        name: 'broken-store',
        get: () => Promise.reject(new Error('gone')),
        set: () => Promise.reject(new Error('gone')),
        delete: () => Promise.reject(new Error('gone')),
      },
      clientId: CLIENT,
      now: () => 5,
    })
    const announced = tokens(1)
    await persistence.keepAnnounced(announced)
    const loaded = await persistence.load()
    expect(loaded.tokens).toEqual(announced)
    expect(loaded.shared).toBe(false)
    expect(loaded.warnings.map((warning) => warning.code)).toEqual(['storage_fallback'])
  })
})
