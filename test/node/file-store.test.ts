import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPersistence } from '../../src/actors/persistence'
import { createFileStore, SESSION_FILE_MODE } from '../../src/node/file-store'
import { encodeRecord } from '../../src/storage/record'

const tokens = (n: number) => ({
  sessionId: 'visitor',
  accessToken: `OauthNG.JWS.${n}`,
  refreshToken: `JWS.${n}`,
  issuedAt: n,
  expiresAt: n + 1000,
  role: 'visitor' as const,
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headless-session-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('createFileStore', () => {
  it('writes the record as JSON readable by its owner only, creating the folder', async () => {
    const path = join(dir, 'nested', 'session.json')
    const store = createFileStore(path)
    const record = encodeRecord(tokens(1), 'client', 5)
    await store.set(record)
    expect(await store.get()).toEqual(record)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(record)
    expect((await stat(path)).mode & 0o777).toBe(SESSION_FILE_MODE)
  })

  it('replaces the file atomically: a concurrent reader only ever sees a whole record', async () => {
    const path = join(dir, 'session.json')
    const writer = createFileStore(path)
    await writer.set(encodeRecord(tokens(0), 'client', 5))
    let writing = true
    const writes = (async () => {
      for (let n = 1; n <= 40; n += 1) await writer.set(encodeRecord(tokens(n), 'client', 5))
      writing = false
    })()
    let reads = 0
    while (writing) {
      const text = await readFile(path, 'utf8')
      expect(() => JSON.parse(text)).not.toThrow()
      reads += 1
    }
    await writes
    expect(reads).toBeGreaterThan(0)
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('serialises updates from this process, so none is lost', async () => {
    const store = createFileStore(join(dir, 'session.json'))
    await store.set(encodeRecord(tokens(0), 'client', 5))
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.update?.((current) => {
          const previous = (current as { tokens: { issuedAt: number } }).tokens.issuedAt
          return encodeRecord(tokens(previous + 1), 'client', 5)
        }),
      ),
    )
    expect(((await store.get()) as { tokens: { issuedAt: number } }).tokens.issuedAt).toBe(20)
  })

  it('returns nothing for a missing file, and deleting a missing file is fine', async () => {
    const store = createFileStore(join(dir, 'absent.json'))
    expect(await store.get()).toBeUndefined()
    await expect(store.delete()).resolves.toBeUndefined()
  })

  it('hands a file that is not JSON to the session, which reports it and replaces it on the next commit', async () => {
    const path = join(dir, 'session.json')
    await writeFile(path, '{"version": 1, "clientId": "cli')
    const persistence = createPersistence({
      store: createFileStore(path),
      clientId: 'client',
      now: () => 5,
    })
    expect(await persistence.load()).toMatchObject({
      tokens: null,
      readable: false,
      warnings: [{ code: 'corrupt_record' }],
    })
    const minted = {
      sessionId: 'visitor',
      accessToken: 'A',
      refreshToken: 'R',
      issuedAt: 1,
      expiresAt: 2,
      role: 'visitor' as const,
    }
    expect((await persistence.commit({ tokens: minted, replaces: null })).outcome).toBe('committed')
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ tokens: minted })
  })
})
