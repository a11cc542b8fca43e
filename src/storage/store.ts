/**
 * The store a session persists to: one record, read and written asynchronously. The
 * session validates whatever `get()` returns, so a store never needs to.
 */

/**
 * Where a session keeps its one record. Implement it to persist anywhere (a cookie, a
 * native bridge, a database row per user on a server).
 *
 * @example
 * ```ts
 * const localStorageStore: SessionStore = {
 *   name: 'localStorage',
 *   async get() {
 *     const text = localStorage.getItem('my-app:session')
 *     return text === null ? undefined : JSON.parse(text)
 *   },
 *   async set(record) { localStorage.setItem('my-app:session', JSON.stringify(record)) },
 *   async delete() { localStorage.removeItem('my-app:session') },
 * }
 * const session = createSession({ clientId, storage: localStorageStore })
 * ```
 */
export interface SessionStore {
  /** A short name for warnings, e.g. `memory`, `indexeddb`, `file`. */
  readonly name?: string
  /**
   * Whether other tabs or processes see what this store holds (default true). A tab only
   * adopts tokens announced by another tab after finding them in a shared store. Set it to
   * `false` for a store each tab has to itself (`sessionStorage`, memory): the tab then
   * keeps its copy in step with what other tabs announce, and asks them before it mints or
   * refreshes (see docs/multi-tab.md).
   */
  readonly shared?: boolean
  /** The value last written, or `undefined` when nothing is stored. May be anything. */
  get(): Promise<unknown>
  /** Replace the stored value. */
  set(record: SessionRecord): Promise<void>
  /** Forget the stored value. */
  delete(): Promise<void>
  /**
   * Optional: read, decide and write in one atomic step (one IndexedDB transaction, for
   * example). `updater` returns the value to write, or `undefined` to leave it as is.
   * Without it the session reads and then writes, relying on its refresh lock.
   */
  update?(updater: (current: unknown) => SessionRecord | undefined): Promise<void>
  /**
   * Optional: call `onChange` when the stored value may have been changed by someone other
   * than this store (another tab, the site's server through `Set-Cookie`, another script),
   * so that a running session learns of it at once instead of at its next read. Returns
   * the function that stops watching. The session reads the store again to see what
   * changed, so a call for nothing costs one read.
   */
  watch?(onChange: () => void): () => void
}

/**
 * The version of the record this build writes and reads.
 *
 * @example
 * ```ts
 * const record = (await myStore.get()) as SessionRecord | undefined
 * if (record && record.version !== RECORD_VERSION) await myStore.delete()
 * ```
 */
export const RECORD_VERSION = 1

/**
 * What a store holds: versioned, so a later build can migrate or refuse it safely.
 *
 * @example
 * ```ts
 * const store: SessionStore = {
 *   shared: false, // each tab has its own sessionStorage
 *   get: async () => JSON.parse(sessionStorage.getItem('session') ?? 'null') ?? undefined,
 *   set: async (record: SessionRecord) => sessionStorage.setItem('session', JSON.stringify(record)),
 *   delete: async () => sessionStorage.removeItem('session'),
 * }
 * ```
 */
export interface SessionRecord {
  version: typeof RECORD_VERSION
  /** The client ID the tokens were issued to; a record of another client is not used. */
  clientId: string
  tokens: {
    sessionId: string
    accessToken: string
    refreshToken: string
    issuedAt: number
    expiresAt: number
    role: 'visitor' | 'member'
    /** Optional: records written before generations existed have none. */
    generation?: number
  }
  /** Epoch ms of the write, for people reading the store. */
  savedAt: number
  /**
   * Epoch ms at which Wix refused this member's refresh token: the member's session has
   * ended and is kept only so that no tab or reload replaces it with a visitor unasked.
   */
  endedAt?: number
}
