/**
 * Web Locks semantics (exclusive, FIFO, abortable while waiting, stealable) within one
 * JavaScript realm. It stands in where `navigator.locks` is missing, so that two sessions
 * of one client in the same page still never refresh at once. It cannot coordinate tabs.
 */
import type { LockManagerLike } from './lock-manager'

interface Request {
  run: () => void
  reject: (reason: unknown) => void
}

interface LockQueue {
  holder: Request | null
  waiting: Request[]
}

function abortError(message: string): Error {
  const error = new Error(message)
  error.name = 'AbortError'
  return error
}

/**
 * Create an in-realm lock manager.
 *
 * @example
 * ```ts
 * const locks = createLocalLockManager()
 * await locks.request('refresh', {}, async () => refreshTokens())
 * ```
 */
export function createLocalLockManager(): LockManagerLike {
  const queues = new Map<string, LockQueue>()

  const queueOf = (name: string): LockQueue => {
    let queue = queues.get(name)
    if (!queue) {
      queue = { holder: null, waiting: [] }
      queues.set(name, queue)
    }
    return queue
  }

  const grantNext = (name: string, queue: LockQueue) => {
    const next = queue.waiting.shift()
    if (next) next.run()
    else if (queue.holder === null) queues.delete(name)
  }

  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const queue = queueOf(name)
        const request: Request = {
          reject,
          run: () => {
            queue.holder = request
            options.signal?.removeEventListener('abort', onAbort)
            // Like the browser, the callback runs in a later task than the request.
            Promise.resolve()
              .then(() => callback({ name }))
              .then(resolve, reject)
              .finally(() => {
                if (queue.holder !== request) return
                queue.holder = null
                grantNext(name, queue)
              })
          },
        }
        const onAbort = () => {
          const index = queue.waiting.indexOf(request)
          if (index === -1) return
          queue.waiting.splice(index, 1)
          reject(abortError('the lock request was aborted'))
        }
        if (options.signal?.aborted) return reject(abortError('the lock request was aborted'))
        options.signal?.addEventListener('abort', onAbort, { once: true })

        if (options.steal && queue.holder) {
          queue.holder.reject(abortError('the lock was stolen'))
          queue.holder = null
        }
        if (queue.holder === null) request.run()
        else queue.waiting.push(request)
      })
    },
  }
}

/** The one fallback lock manager of this realm, shared by every session in it. */
export const realmLocks: LockManagerLike = createLocalLockManager()
