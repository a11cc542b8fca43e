/**
 * The options `createSession()` takes, their defaults, and why each default is what it is.
 */
import type { InspectionEvent, Observer } from 'xstate'
import type { RetryPolicy } from '../machines/session.types'
import type { EnvironmentTargets } from './actors/environment'
import { STORAGE_TIMEOUT_MS } from './actors/persistence'
import type { BroadcastChannelLike } from './actors/tab-sync'
import type { TokenRequestEncoding } from './actors/token-endpoint'
import type { LockManagerLike } from './locks/lock-manager'
import { isBrowserLike } from './storage/default-store'
import type { SessionStore } from './storage/store'

/**
 * Wix's token endpoint.
 *
 * @example
 * ```ts
 * const tokenUrl = import.meta.env.DEV ? mock.tokenUrl : DEFAULT_TOKEN_URL
 * ```
 */
export const DEFAULT_TOKEN_URL = 'https://www.wixapis.com/oauth2/token'

/**
 * Refresh this long before expiry. Wix tokens live 4 hours, so 5 minutes costs 2% of a
 * token's life and leaves room for several retries (and another tab's takeover) before
 * the token actually expires. Shorter-lived tokens shrink it to half their lifetime.
 *
 * @example
 * ```ts
 * createSession({ clientId, refreshMargin: 2 * DEFAULT_REFRESH_MARGIN_MS })
 * ```
 */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60 * 1000

/**
 * An unanswered token request is abandoned after this long and retried.
 *
 * @example
 * ```ts
 * createSession({ clientId, requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS / 2 })
 * ```
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000

/**
 * Four attempts, 0.5 s doubling to at most 15 s: a failing mint settles in `failed`
 * within about 45 s even when every attempt times out, and within 4 s when the server
 * answers errors at once.
 *
 * @example
 * ```ts
 * createSession({ clientId, retry: { ...DEFAULT_RETRY, maxAttempts: 8 } })
 * ```
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 15_000 }

/**
 * How long `getAccessToken()` waits at most. Longer than the whole default retry
 * schedule, so a caller normally sees the real error rather than a wait timeout; the
 * bound exists for what no schedule covers (offline, a `Retry-After` of minutes).
 *
 * @example
 * ```ts
 * const token = await session.getAccessToken({ timeout: DEFAULT_WAIT_TIMEOUT_MS / 6 })
 * ```
 */
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000

/** Extra patience, beyond `requestTimeout`, before a waiting tab steals the lock. */
export const LOCK_STEAL_GRACE_MS = 5_000

/**
 * How long a tab whose store no other tab sees waits for the other tabs to offer their
 * visitor before minting one. Tabs answer within a few milliseconds; the rest is room
 * for a tab busy with a long task.
 */
const DEFAULT_PEER_REPLY_WINDOW_MS = 250

/**
 * Everything `createSession()` accepts. Only `clientId` is required.
 *
 * @example
 * ```ts
 * const options: SessionOptions = {
 *   clientId: 'my-wix-client-id',
 *   storage: createMemoryStore(), // no token at rest
 *   inspect: inspector.inspect, // tokens arrive as fingerprints
 * }
 * const session = createSession(options).start()
 * ```
 */
export interface SessionOptions {
  /** Your Wix Headless OAuth app's client ID. */
  clientId: string
  /** Default: Wix's `https://www.wixapis.com/oauth2/token`. */
  tokenUrl?: string
  /** Where the session persists. Default: IndexedDB in browsers and workers, memory elsewhere. */
  storage?: SessionStore
  /** Milliseconds a store operation may take before the store is presumed hung. Default 5 s. */
  storageTimeout?: number
  /**
   * Share one session between the tabs of this browser. Default: on in browsers and
   * workers (where BroadcastChannel exists), off elsewhere, so that a server holding many
   * users' sessions never mixes them.
   */
  sync?: boolean
  /** The BroadcastChannel constructor used for tab sync. Default `globalThis.BroadcastChannel`. */
  BroadcastChannel?: new (
    name: string,
  ) => BroadcastChannelLike
  /**
   * Milliseconds a tab whose store no other tab sees (`createMemoryStore()`, or IndexedDB
   * that failed) waits for the other tabs to offer the visitor they hold before it mints a
   * new one, and before it refreshes. Default 250 ms; only a tab that syncs waits. 0 never
   * asks: a new tab then mints as if it were alone, and the open tabs move to its visitor.
   */
  peerReplyWindow?: number
  /**
   * Where page lifecycle events (`visibilitychange`, `pageshow`, `focus`, `online`,
   * `offline`) come from. Default: the real page or worker; `false` ignores them.
   */
  environment?: EnvironmentTargets | false
  /** Milliseconds before expiry at which a refresh is due. Default 5 minutes. */
  refreshMargin?: number
  /** How transient failures are retried. */
  retry?: Partial<RetryPolicy>
  /** Milliseconds before an unanswered token request is abandoned. Default 10 s. */
  requestTimeout?: number
  /** Milliseconds `getAccessToken()` and friends wait at most. Default 60 s. */
  waitTimeout?: number
  /** Token request body: `json` (camelCase, the default) or `form` (snake_case). */
  encoding?: TokenRequestEncoding
  /** The fetch used for token requests and `session.fetch`. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Epoch milliseconds; every expiry decision goes through it. Default `Date.now`. */
  now?: () => number
  /** Random numbers in [0, 1) for retry jitter. Default `Math.random`. */
  random?: () => number
  /**
   * The lock manager that elects one refresher. Default: `navigator.locks` where it
   * exists; else a lock shared by the synced sessions of this page, or one of the
   * session's own when it does not sync (Node).
   */
  locks?: LockManagerLike
  /** Milliseconds a tab waits for the refresh lock before stealing it. Default requestTimeout + 5 s. */
  lockTimeout?: number
  /**
   * An XState inspection observer (e.g. `@statelyai/inspect`'s `inspector.inspect`), passed
   * to `createActor`. Every token in what it receives is replaced by its fingerprint.
   */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void)
  /**
   * Hand the `inspect` observer real tokens instead of fingerprints. Default `false`. Only
   * for debugging on your own machine: inspectors record, display and transmit what they get.
   */
  revealTokensToInspector?: boolean
}

/** SessionOptions with every default applied and every value checked. */
export interface ResolvedOptions {
  clientId: string
  tokenUrl: string
  storage: SessionStore | undefined
  storageTimeout: number
  sync: boolean
  BroadcastChannel: (new (name: string) => BroadcastChannelLike) | undefined
  peerReplyWindow: number
  environment: EnvironmentTargets | false | undefined
  refreshMargin: number
  retry: RetryPolicy
  requestTimeout: number
  waitTimeout: number
  encoding: TokenRequestEncoding
  fetch: typeof globalThis.fetch | undefined
  now: () => number
  random: () => number
  locks: LockManagerLike | undefined
  lockTimeout: number
  inspect: SessionOptions['inspect']
  revealTokensToInspector: boolean
}

export function resolveOptions(options: SessionOptions): ResolvedOptions {
  if (typeof options?.clientId !== 'string' || options.clientId.trim() === '') {
    throw new TypeError('headless-session: `clientId` must be a non-empty string')
  }
  const requestTimeout = positive(
    'requestTimeout',
    options.requestTimeout,
    DEFAULT_REQUEST_TIMEOUT_MS,
  )
  const retry: RetryPolicy = {
    maxAttempts: Math.floor(
      positive('retry.maxAttempts', options.retry?.maxAttempts, DEFAULT_RETRY.maxAttempts),
    ),
    baseDelayMs: nonNegative(
      'retry.baseDelayMs',
      options.retry?.baseDelayMs,
      DEFAULT_RETRY.baseDelayMs,
    ),
    maxDelayMs: nonNegative(
      'retry.maxDelayMs',
      options.retry?.maxDelayMs,
      DEFAULT_RETRY.maxDelayMs,
    ),
  }
  const encoding = options.encoding ?? 'json'
  if (encoding !== 'json' && encoding !== 'form') {
    throw new TypeError("headless-session: `encoding` must be 'json' or 'form'")
  }
  return {
    clientId: options.clientId,
    tokenUrl: options.tokenUrl ?? DEFAULT_TOKEN_URL,
    storage: options.storage,
    storageTimeout: positive('storageTimeout', options.storageTimeout, STORAGE_TIMEOUT_MS),
    sync: options.sync ?? defaultSync(options.BroadcastChannel),
    BroadcastChannel:
      options.BroadcastChannel ??
      (globalThis.BroadcastChannel as ResolvedOptions['BroadcastChannel']),
    peerReplyWindow: nonNegative(
      'peerReplyWindow',
      options.peerReplyWindow,
      DEFAULT_PEER_REPLY_WINDOW_MS,
    ),
    environment: options.environment,
    refreshMargin: nonNegative('refreshMargin', options.refreshMargin, DEFAULT_REFRESH_MARGIN_MS),
    retry,
    requestTimeout,
    waitTimeout: positive('waitTimeout', options.waitTimeout, DEFAULT_WAIT_TIMEOUT_MS),
    encoding,
    fetch: options.fetch,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    locks: options.locks,
    lockTimeout: positive('lockTimeout', options.lockTimeout, requestTimeout + LOCK_STEAL_GRACE_MS),
    inspect: options.inspect,
    revealTokensToInspector: options.revealTokensToInspector === true,
  }
}

/** Sync by default where tabs exist to sync with, and a channel to do it over. */
function defaultSync(injected: SessionOptions['BroadcastChannel']): boolean {
  return (
    isBrowserLike() && (injected !== undefined || typeof globalThis.BroadcastChannel === 'function')
  )
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`headless-session: \`${name}\` must be a positive finite number`)
  }
  return value
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`headless-session: \`${name}\` must be zero or a positive number`)
  }
  return value
}
