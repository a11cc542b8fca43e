/**
 * The in-realm lock manager, as the session and apps use it: its implementation
 * (`local-lock-manager.ts`) is loaded on the first claim. Only Node and browsers without
 * Web Locks ever claim through it, so a browser app never downloads it.
 */
import type { LockManagerLike } from './lock-manager'

function deferred(pick: (module: typeof import('./local-lock-manager')) => LockManagerLike) {
  let manager: Promise<LockManagerLike> | undefined
  const locks: LockManagerLike = {
    request(name, options, callback) {
      manager ??= import('./local-lock-manager').then(pick)
      return manager.then((loaded) => loaded.request(name, options, callback))
    },
  }
  return locks
}

/**
 * Create a lock manager with Web Locks semantics (exclusive, FIFO, abortable while
 * waiting, stealable) within one JavaScript realm: for sessions of one Node process that
 * must never refresh at the same time, or a page without `navigator.locks`. It cannot
 * coordinate tabs.
 *
 * @example
 * ```ts
 * const locks = createLocalLockManager()
 * const a = createSession({ clientId, storage, locks })
 * const b = createSession({ clientId, storage, locks })
 * ```
 */
export function createLocalLockManager(): LockManagerLike {
  return deferred((local) => local.createLocalLockManager())
}

/** The page's one fallback lock manager, shared by every synced session in it. */
export const realmLocks: LockManagerLike = deferred((local) => local.realmLocks)
