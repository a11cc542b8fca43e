/**
 * The browser's default store: one record per client ID in IndexedDB, in the library's
 * own database, so it never mixes with an app's idb-keyval data. Every tab of the origin
 * sees it, which is what lets a reload, or another tab, find the same visitor.
 */
import { createStore, del, get, set, type UseStore, update } from 'idb-keyval'
import type { SessionStore } from './store'

/** The database the session keeps its records in. */
export const DEFAULT_DATABASE = 'headless-session'
/** The object store inside it. */
export const DEFAULT_OBJECT_STORE = 'sessions'

export interface IndexedDbStoreOptions {
  /** The record's key; `createSession()` uses `session:<clientId>`. */
  key: string
  database?: string
  objectStore?: string
}

/**
 * Create an IndexedDB store.
 *
 * The database is opened on first use, not here, so an environment where IndexedDB
 * throws (a private window, a blocked profile) fails on the first read, where the session
 * notices it and carries on from memory.
 *
 * @example
 * ```ts
 * const session = createSession({
 *   clientId,
 *   storage: createIndexedDbStore({ key: `session:${clientId}`, database: 'my-app' }),
 * })
 * ```
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions): SessionStore {
  const { key } = options
  let store: UseStore | undefined
  const useStore = () => {
    store ??= createStore(
      options.database ?? DEFAULT_DATABASE,
      options.objectStore ?? DEFAULT_OBJECT_STORE,
    )
    return store
  }
  return {
    name: 'indexeddb',
    shared: true,
    get: () => get(key, useStore()),
    set: (record) => set(key, record, useStore()),
    delete: () => del(key, useStore()),
    // One readwrite transaction: no other tab can write between the read and the write.
    update: (updater) => update(key, (current: unknown) => updater(current) ?? current, useStore()),
  }
}

/** Whether this environment offers IndexedDB at all (reading it can throw in sandboxes). */
export function hasIndexedDb(): boolean {
  try {
    return typeof globalThis.indexedDB?.open === 'function'
  } catch {
    return false
  }
}
