/**
 * A session store in one JSON file, for Node: scripts, CLIs, servers that act as one
 * visitor. Writes are atomic (a temporary file, then a rename), and the file is readable
 * by its owner only, because it holds a refresh token.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SessionRecord, SessionStore } from '../storage/store'

/**
 * Owner read/write only: the file holds a refresh token.
 *
 * @example
 * ```ts
 * const { mode } = await stat('.wix-session.json')
 * assert.equal(mode & 0o777, SESSION_FILE_MODE)
 * ```
 */
export const SESSION_FILE_MODE = 0o600

/**
 * Create a store that keeps the session in `path`.
 *
 * The record is read back exactly as written; a file that is not JSON is returned as
 * its text, which the session reports as a corrupt record and replaces. Writes from this
 * process are serialised; two processes sharing one file should share one session.
 *
 * @example
 * ```ts
 * import { createSession } from 'headless-session'
 * import { createFileStore } from 'headless-session/node'
 *
 * const session = createSession({
 *   clientId: process.env.WIX_CLIENT_ID!,
 *   storage: createFileStore('.wix-session.json'),
 * }).start()
 * ```
 */
export function createFileStore(path: string): SessionStore {
  let queue: Promise<unknown> = Promise.resolve()
  /** Run file operations one at a time, so a read never sees a half-finished update. */
  const serialised = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation)
    queue = result.catch(() => undefined)
    return result
  }

  const read = async (): Promise<unknown> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }

  const write = async (record: SessionRecord): Promise<void> => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, {
        mode: SESSION_FILE_MODE,
        flush: true,
      })
      await rename(temporary, path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }

  return {
    name: 'file',
    get: () => serialised(read),
    set: (record) => serialised(() => write(record)),
    delete: () => serialised(() => rm(path, { force: true })),
    update: (updater) =>
      serialised(async () => {
        const next = updater(await read())
        if (next !== undefined) await write(next)
      }),
  }
}
