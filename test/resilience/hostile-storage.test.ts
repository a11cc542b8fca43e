/**
 * Stored records that are not what the session wrote, in the memory store and in the Node
 * file store, against the mock Wix server over HTTP. None may crash the session, pollute a
 * prototype, or cost a valid session: at start a bad record is reported and replaced by a
 * new visitor; while a valid session is held, a record tampered with behind its back must
 * not make it lose its visitor.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createMemoryStore } from '../../src/index'
import { createFileStore } from '../../src/node/index'
import { decodeRecord } from '../../src/storage/record'
import type { SessionRecord, SessionStore } from '../../src/storage/store'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { grants, mockServer, sessionFor, whoami } from '../support/session-fixture'
import { HOSTILE_RECORDS, protoKeyedRecord, prototypesPolluted } from './support/hostile-records'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headless-session-hostile-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A store, and a way to put text into it behind the session's back. */
interface StoreKind {
  name: string
  create: () => { store: SessionStore; plant: (text: string) => Promise<void> }
}

const STORE_KINDS: StoreKind[] = [
  {
    name: 'the memory store',
    create: () => {
      const store = createMemoryStore()
      return {
        store,
        plant: (text) => store.set(parseOrText(text) as SessionRecord),
      }
    },
  },
  {
    name: 'the file store',
    create: () => {
      const path = join(dir, `session-${Math.random().toString(36).slice(2)}.json`)
      return { store: createFileStore(path), plant: (text) => writeFile(path, text) }
    },
  },
]

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const warningsOf = (events: SessionEmitted[]) =>
  events.flatMap((event) => (event.type === 'warning' ? [event.warning.code] : []))

describe.each(STORE_KINDS)('in $name', ({ create }) => {
  it.each(HOSTILE_RECORDS)(
    'at start, $name is reported and a new visitor minted',
    async (hostile) => {
      const server = await mockServer()
      const { store, plant } = create()
      await plant(hostile.text)
      const session = sessionFor(server, { storage: store })
      const events: SessionEmitted[] = []
      session.on('*', (event) => events.push(event))
      session.start()

      const token = await session.getAccessToken()
      expect((await whoami(server, token)).status).toBe(200)
      expect(warningsOf(events)).toEqual([hostile.warning])
      expect(grants(server)).toEqual(['anonymous'])
      expect(decodeRecord(await store.get(), MOCK_CLIENT_ID).kind).toBe('valid')
      expect(prototypesPolluted()).toBe(false)
    },
  )

  it.each(HOSTILE_RECORDS)(
    'while a valid session is held, $name written over it does not cost the visitor',
    async (hostile) => {
      const server = await mockServer()
      const { store, plant } = create()
      const session = sessionFor(server, { storage: store }).start()
      const before = await whoami(server, await session.getAccessToken())
      const events: SessionEmitted[] = []
      session.on('*', (event) => events.push(event))

      await plant(hostile.text)
      const fresh = await session.refresh()
      expect((await whoami(server, fresh)).body.visitorId).toBe(before.body.visitorId)
      expect(events.filter((event) => event.type === 'signedOut')).toEqual([])
      expect(warningsOf(events)).toEqual([hostile.warning])
      expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
      const stored = decodeRecord(await store.get(), MOCK_CLIENT_ID)
      expect(stored.kind === 'valid' && stored.tokens.accessToken).toBe(fresh)
      expect(prototypesPolluted()).toBe(false)
    },
  )

  it('a record that is valid apart from __proto__ and constructor keys is restored, and pollutes nothing', async () => {
    const server = await mockServer()
    const minted = await sessionFor(server).start().getTokens()
    const { store, plant } = create()
    await plant(protoKeyedRecord(minted))
    const tokens = await sessionFor(server, { storage: store }).start().getTokens()
    expect(tokens).toEqual(minted)
    expect(Object.getPrototypeOf(tokens)).toBe(Object.prototype)
    expect(grants(server)).toEqual(['anonymous'])
    expect(prototypesPolluted()).toBe(false)
  })
})

describe('a store that is itself hostile', () => {
  it('a record whose every field throws when read does not stop the session', async () => {
    const server = await mockServer()
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trapped')
        },
      },
    )
    const store: SessionStore = {
      name: 'trapped',
      get: async () => trap,
      set: async () => undefined,
      delete: async () => undefined,
    }
    const session = sessionFor(server, { storage: store })
    const events: SessionEmitted[] = []
    session.on('*', (event) => events.push(event))
    session.start()
    expect((await whoami(server, await session.getAccessToken())).status).toBe(200)
    expect(session.state).toBe('active')
    expect(warningsOf(events)).toContain('storage_fallback')
  })

  it('a file store whose file is replaced by a directory carries on in memory', async () => {
    const server = await mockServer()
    const path = join(dir, 'session.json')
    const session = sessionFor(server, { storage: createFileStore(path) }).start()
    const token = await session.getAccessToken()
    await rm(path)
    await import('node:fs/promises').then(({ mkdir }) => mkdir(path))
    const fresh = await session.refresh()
    expect(fresh).not.toBe(token)
    expect((await whoami(server, fresh)).status).toBe(200)
    await expect(readFile(path, 'utf8')).rejects.toThrow()
  })
})
