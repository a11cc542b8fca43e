/**
 * The session's only access to its store: load, commit with compare-and-set, clear, and
 * a side-effect-free peek. None of these rejects. When the store throws or hangs (a
 * private window, a full disk, a blocked IndexedDB), the session carries on from memory,
 * seeded with the last record it saw, and says so once: storage must never end a session.
 */
import { fromPromise } from 'xstate'
import type {
  ClearRequest,
  ClearResult,
  CommitRequest,
  CommitResult,
  LoadResult,
  SessionWarning,
  TokenSet,
} from '../../machines/session.types'
import { createMemoryStore } from '../storage/memory'
import { decodeRecord, encodeRecord } from '../storage/record'
import type { SessionRecord, SessionStore } from '../storage/store'
import { mayReplace } from './commit-rule'
import { storeWarning, withTimeout } from './store-guard'

/**
 * How long one store operation may take before the store is presumed hung. IndexedDB can
 * wait forever on a blocked open; a session must not.
 */
export const STORAGE_TIMEOUT_MS = 5_000

/** Tokens of the last few sessions read or written, scrubbed from warnings (bounded: a long run keeps no more). */
const MAX_KEPT_SECRETS = 8

export interface PersistenceOptions {
  store: SessionStore
  clientId: string
  now: () => number
  storageTimeoutMs?: number
  /** Warnings to report with the first load (e.g. "IndexedDB is missing, using memory"). */
  initialWarnings?: readonly SessionWarning[]
}

/**
 * Every operation takes an optional `signal`: once it aborts, nobody waits for the store
 * any longer (no timer is left), and the store is not taken to have failed.
 */
export interface Persistence {
  load(signal?: AbortSignal): Promise<LoadResult>
  commit(request: CommitRequest, signal?: AbortSignal): Promise<CommitResult>
  clear(signal?: AbortSignal): Promise<ClearResult>
  /**
   * The stored tokens, and whether they are a member's session that ended, read without
   * discarding or reporting anything.
   */
  peek(signal?: AbortSignal): Promise<{ tokens: TokenSet; ended: boolean } | null>
  /**
   * Store tokens another tab announced, unless the store holds newer ones: a store no
   * other tab sees learns of their sessions only this way.
   */
  keepAnnounced(tokens: TokenSet, signal?: AbortSignal): Promise<void>
  /**
   * Delete the stored session if it is `sessionId` (signed out), and nothing else: a
   * session committed since the sign-out was decided (a login) stays.
   */
  forget(sessionId: string | null, signal?: AbortSignal): Promise<ClearResult>
  /** Delete the stored session if it is `sessionId`, which another tab signed out. */
  forgetAnnounced(sessionId: string, signal?: AbortSignal): Promise<void>

  /** Whether other tabs see this store (false once the session fell back to memory). */
  readonly shared: boolean
}

/**
 * Load, commit and clear one client's session.
 *
 * @example
 * ```ts
 * const persistence = createPersistence({ store: createMemoryStore(), clientId: 'my-client-id', now: Date.now })
 * const { tokens, warnings } = await persistence.load()
 * ```
 */
export function createPersistence(options: PersistenceOptions): Persistence {
  const { clientId, now } = options
  const timeoutMs = options.storageTimeoutMs ?? STORAGE_TIMEOUT_MS
  let store = options.store
  let fellBack = false
  /** The last record read or written: what the memory fallback starts from. */
  let mirror: SessionRecord | undefined
  let pending: SessionWarning[] = [...(options.initialWarnings ?? [])]
  /** A damaged record is reported once, not on every read, until a session is stored again. */
  let damageReported = false
  /** Tokens recently read or written: a store's error may quote them, and no warning may. */
  const secrets = new Set<string>()
  const keepSecret = (tokens: TokenSet) => {
    secrets.add(tokens.accessToken).add(tokens.refreshToken)
    for (const oldest of secrets) {
      if (secrets.size <= MAX_KEPT_SECRETS) break
      secrets.delete(oldest)
    }
  }
  const warn = (code: SessionWarning['code'], what: string, error: unknown) =>
    storeWarning(code, what, error, secrets)
  const takeWarnings = (extra: SessionWarning[] = []) => {
    const all = [...pending, ...extra]
    pending = []
    return all
  }

  /** Run one store operation; on failure switch to memory once and run it there. */
  const guarded = async <T>(
    operation: (target: SessionStore) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    try {
      return await withTimeout(operation(store), timeoutMs, store.name ?? 'the store', signal)
    } catch (error) {
      if (fellBack || signal?.aborted) throw error
      fellBack = true
      const fallback = createMemoryStore()
      if (mirror) await fallback.set(mirror)
      pending.push(
        warn(
          'storage_fallback',
          `${store.name ?? 'the session store'} failed, so the session continues in memory and a reload will not restore it`,
          error,
        ),
      )
      store = fallback
      return operation(store)
    }
  }

  const remember = (raw: unknown) => {
    const decoded = decodeRecord(raw, clientId)
    if (decoded.kind !== 'valid') return
    mirror = raw as SessionRecord
    keepSecret(decoded.tokens)
  }

  /** Whether other tabs see the store in use now (false once the session fell back to memory). */
  const isShared = () => !fellBack && store.shared !== false

  const persistence: Persistence = {
    get shared() {
      return isShared()
    },

    async load(signal) {
      let raw: unknown
      const readFromFallback = fellBack
      try {
        raw = await guarded((target) => target.get(), signal)
      } catch (error) {
        if (signal?.aborted) throw error
        const warning = warn('storage_unavailable', 'could not read the stored session', error)
        return {
          tokens: null,
          readable: false,
          shared: isShared(),
          warnings: takeWarnings([warning]),
        }
      }
      // A read that only succeeded on the fallback says nothing about what is really stored.
      const readable = readFromFallback || !fellBack
      remember(raw)
      const decoded = decodeRecord(raw, clientId)
      if (decoded.kind !== 'invalid') damageReported = false
      const shared = isShared()
      if (decoded.kind === 'empty')
        return { tokens: null, readable, shared, warnings: takeWarnings() }
      if (decoded.kind === 'valid') {
        const { tokens, ended } = decoded
        return { tokens, readable, shared, endedMember: ended, warnings: takeWarnings() }
      }
      const warnings = takeWarnings(damageReported ? [] : [decoded.warning])
      damageReported = true
      // A damaged record is not a sign-out: it says nothing about the session, so it reads
      // as unknown (a session holding tokens keeps them), and the next commit replaces it.
      return { tokens: null, readable: readable && !decoded.discard, shared, warnings }
    },

    async commit(request, signal) {
      keepSecret(request.tokens)
      let superseded: TokenSet | null | undefined
      const decide = (raw: unknown): SessionRecord | undefined => {
        superseded = undefined
        const decoded = decodeRecord(raw, clientId)
        if (decoded.kind === 'invalid' && decoded.discard) {
          return encodeRecord(request.tokens, clientId, now())
        }
        const current = decoded.kind === 'valid' ? decoded.tokens : null
        const ended = decoded.kind === 'valid' && decoded.ended
        if (mayReplace(current, ended, request)) {
          return encodeRecord(request.tokens, clientId, now(), request.ends ? now() : undefined)
        }
        superseded = current
        return undefined
      }
      try {
        await guarded(async (target) => {
          if (target.update) return target.update(decide)
          const next = decide(await target.get())
          if (next !== undefined) await target.set(next)
        }, signal)
      } catch (error) {
        if (signal?.aborted) throw error
        const warning = warn(
          'storage_write_failed',
          'could not save the session; it lives in memory only',
          error,
        )
        return { outcome: 'committed', tokens: request.tokens, warnings: takeWarnings([warning]) }
      }
      if (superseded !== undefined) {
        return { outcome: 'superseded', tokens: superseded, warnings: takeWarnings() }
      }
      mirror = encodeRecord(request.tokens, clientId, now(), request.ends ? now() : undefined)
      damageReported = false
      return { outcome: 'committed', tokens: request.tokens, warnings: takeWarnings() }
    },

    async clear(signal) {
      mirror = undefined
      try {
        await guarded((target) => target.delete(), signal)
        return { shared: isShared(), warnings: takeWarnings() }
      } catch (error) {
        if (signal?.aborted) throw error
        return {
          shared: isShared(),
          warnings: takeWarnings([
            warn('storage_write_failed', 'could not delete the stored session', error),
          ]),
        }
      }
    },

    async peek(signal) {
      try {
        const decoded = decodeRecord(await guarded((target) => target.get(), signal), clientId)
        return decoded.kind === 'valid' ? { tokens: decoded.tokens, ended: decoded.ended } : null
      } catch {
        return null
      }
    },

    async keepAnnounced(tokens, signal) {
      // Warnings (a fallback, a failed write) wait for the next load to report them.
      const { warnings } = await persistence.commit({ tokens, replaces: null }, signal)
      pending.push(...warnings)
    },

    async forget(sessionId, signal) {
      if (sessionId === null || (await persistence.peek(signal))?.tokens.sessionId !== sessionId) {
        return { shared: isShared(), warnings: takeWarnings() }
      }
      return persistence.clear(signal)
    },

    async forgetAnnounced(sessionId, signal) {
      const { warnings } = await persistence.forget(sessionId, signal)
      pending.push(...warnings)
    },
  }
  return persistence
}

/**
 * The persistence functions as the `loadSession`, `commitSession` and `clearSession`
 * actors the machine invokes.
 *
 * @example
 * ```ts
 * sessionMachine.provide({ actors: persistenceActors(createPersistence({ store, clientId, now })) })
 * ```
 */
export function persistenceActors(persistence: Persistence) {
  return {
    loadSession: fromPromise<LoadResult>(({ signal }) => persistence.load(signal)),
    commitSession: fromPromise<CommitResult, CommitRequest>(({ input, signal }) =>
      persistence.commit(input, signal),
    ),
    clearSession: fromPromise<ClearResult, ClearRequest>(({ input, signal }) =>
      persistence.forget(input.sessionId, signal),
    ),
  }
}
