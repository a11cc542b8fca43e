/**
 * The part of the Web Locks API the session uses. `navigator.locks` fits it, and so does
 * the in-page fallback for environments without Web Locks.
 * ref: https://w3c.github.io/web-locks/
 *
 * @example
 * ```ts
 * // Two sessions of one Node process that must never refresh at the same time.
 * const locks: LockManagerLike = createLocalLockManager()
 * const a = createSession({ clientId, storage, locks })
 * const b = createSession({ clientId, storage, locks })
 * ```
 */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>
}

/** The browser's Web Locks, when this environment has them. */
export function webLocks(): LockManagerLike | undefined {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks
  return typeof locks?.request === 'function' ? locks : undefined
}
