/**
 * The session's only access to its store: load, commit with compare-and-set, clear. None
 * of these rejects; a store that fails is reported as a warning and the session goes on
 * from memory, because a broken disk or a blocked IndexedDB must not end a session.
 */
import { fromPromise } from 'xstate'
import type {
  ClearResult,
  CommitRequest,
  CommitResult,
  LoadResult,
  SessionWarning,
  TokenSet,
} from '../../machines/session.types'
import { redactText } from '../redact'
import { decodeRecord, encodeRecord } from '../storage/record'
import type { SessionRecord, SessionStore } from '../storage/store'

export interface Persistence {
  load(): Promise<LoadResult>
  commit(request: CommitRequest): Promise<CommitResult>
  clear(): Promise<ClearResult>
}

/**
 * Load, commit and clear one client's session in `store`.
 *
 * @example
 * ```ts
 * const persistence = createPersistence(createMemoryStore(), 'my-client-id', Date.now)
 * const { tokens, warnings } = await persistence.load()
 * ```
 */
export function createPersistence(
  store: SessionStore,
  clientId: string,
  now: () => number,
): Persistence {
  return {
    async load() {
      let raw: unknown
      try {
        raw = await store.get()
      } catch (error) {
        const warning = storeWarning(
          'storage_unavailable',
          'could not read the stored session',
          error,
        )
        return { tokens: null, readable: false, warnings: [warning] }
      }
      const decoded = decodeRecord(raw, clientId)
      if (decoded.kind === 'empty') return { tokens: null, readable: true, warnings: [] }
      if (decoded.kind === 'valid') return { tokens: decoded.tokens, readable: true, warnings: [] }
      if (decoded.discard) await store.delete().catch(() => undefined)
      return { tokens: null, readable: true, warnings: [decoded.warning] }
    },

    async commit(request) {
      let superseded: TokenSet | null | undefined
      const decide = (raw: unknown): SessionRecord | undefined => {
        const decoded = decodeRecord(raw, clientId)
        const current = decoded.kind === 'valid' ? decoded.tokens : null
        if (mayReplace(current, request)) return encodeRecord(request.tokens, clientId, now())
        superseded = current
        return undefined
      }
      try {
        if (store.update) {
          await store.update(decide)
        } else {
          const next = decide(await store.get())
          if (next !== undefined) await store.set(next)
        }
      } catch (error) {
        const warning = storeWarning(
          'storage_write_failed',
          'could not save the session; it lives in memory only',
          error,
        )
        return { outcome: 'committed', tokens: request.tokens, warnings: [warning] }
      }
      if (superseded !== undefined)
        return { outcome: 'superseded', tokens: superseded, warnings: [] }
      return { outcome: 'committed', tokens: request.tokens, warnings: [] }
    },

    async clear() {
      try {
        await store.delete()
        return { warnings: [] }
      } catch (error) {
        return {
          warnings: [
            storeWarning('storage_write_failed', 'could not delete the stored session', error),
          ],
        }
      }
    },
  }
}

/**
 * Compare-and-set: may `request.tokens` overwrite what the store holds now?
 * - A refresh commits only over the very refresh token it spent. Anything else means
 *   another tab refreshed, or the session was signed out (an empty store), meanwhile.
 * - A new visitor commits over nothing, or over anything older (a signed-out session
 *   whose deletion failed); a newer visitor minted meanwhile by another tab wins.
 */
function mayReplace(current: TokenSet | null, request: CommitRequest): boolean {
  if (request.replaces !== null) return current?.refreshToken === request.replaces
  return current === null || current.issuedAt < request.tokens.issuedAt
}

function storeWarning(code: SessionWarning['code'], what: string, error: unknown): SessionWarning {
  const reason = error instanceof Error ? error.message : String(error)
  return { code, message: `${what}: ${redactText(reason).slice(0, 200)}` }
}

/**
 * The persistence functions as the `loadSession`, `commitSession` and `clearSession`
 * actors the machine invokes.
 *
 * @example
 * ```ts
 * sessionMachine.provide({ actors: persistenceActors(createPersistence(store, clientId, now)) })
 * ```
 */
export function persistenceActors(persistence: Persistence) {
  return {
    loadSession: fromPromise<LoadResult>(() => persistence.load()),
    commitSession: fromPromise<CommitResult, CommitRequest>(({ input }) =>
      persistence.commit(input),
    ),
    clearSession: fromPromise<ClearResult>(() => persistence.clear()),
  }
}
