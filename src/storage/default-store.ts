/**
 * Which store a session uses when the app names none: IndexedDB in browsers and workers,
 * memory elsewhere. A browser without IndexedDB gets memory and a warning, because the
 * app should know that a reload will mint a new visitor there.
 */
import type { SessionWarning } from '../../machines/session.types'
import { createIndexedDbStore, hasIndexedDb } from './indexeddb'
import { createMemoryStore } from './memory'
import type { SessionStore } from './store'

/** A page or a worker, as opposed to Node or another server runtime. */
export function isBrowserLike(): boolean {
  const scope = globalThis as { document?: unknown; WorkerGlobalScope?: unknown }
  return scope.document !== undefined || scope.WorkerGlobalScope !== undefined
}

export function defaultStore(clientId: string): {
  store: SessionStore
  warnings: SessionWarning[]
} {
  if (hasIndexedDb())
    return { store: createIndexedDbStore({ key: `session:${clientId}` }), warnings: [] }
  if (!isBrowserLike()) return { store: createMemoryStore(), warnings: [] }
  return {
    store: createMemoryStore(),
    warnings: [
      {
        code: 'storage_fallback',
        message:
          'IndexedDB is not available here, so the session lives in memory and a reload will not restore it',
      },
    ],
  }
}
