/**
 * `createSession()`: the machine, provided with the actors that do the work, behind the
 * small API an app uses. The facade owns no session logic of its own; it starts and stops
 * the actor, turns snapshots into answers, and checks the wall clock on every hand-out.
 */
import { createActor } from 'xstate'
import { sessionMachine } from '../machines/session.machine'
import { createTimingEffects } from '../machines/session.timing'
import type { SessionEmitted, TokenSet } from '../machines/session.types'
import { defaultEnvironmentTargets, environmentActor, initiallyOnline } from './actors/environment'
import { createPersistence, type Persistence, persistenceActors } from './actors/persistence'
import { refreshLockActor } from './actors/refresh-lock'
import { broadcastTabSync, channelName, noTabSync } from './actors/tab-sync'
import { createTokenEndpoint, tokenEndpointActor } from './actors/token-endpoint'
import { realmLocks } from './locks/local-lock-manager'
import { webLocks } from './locks/lock-manager'
import { type ResolvedOptions, resolveOptions, type SessionOptions } from './options'
import { randomId } from './random-id'
import { createSessionFetch } from './session-fetch'
import { type SessionSnapshot, sameSnapshot, toSessionSnapshot } from './session-snapshot'
import { defaultStore } from './storage/default-store'
import { notRunning, type SessionActor, waitForTokens } from './wait-for-tokens'

/** Options for one wait on the session. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default: the session's `waitTimeout`). */
  timeout?: number
  /** Give up when this signal aborts. */
  signal?: AbortSignal
}

/** An event the session emits, by its `type`. */
export type SessionEventOf<T extends SessionEmitted['type']> = Extract<SessionEmitted, { type: T }>

/** A running Wix Headless session. Create it with `createSession()`. */
export interface Session {
  /** The running XState actor (a new one after `stop()` and `start()`). */
  readonly actor: SessionActor
  /** This session's random identifier on the tab channel (one per `createSession()`). */
  readonly tabId: string
  /** The top-level state: `idle`, `restoring`, `anonymous`, `active`, `expiring`, `refreshing` or `failed`. */
  readonly state: SessionSnapshot['state']
  /** The current snapshot, as `subscribe` listeners receive it. */
  readonly snapshot: SessionSnapshot
  /** An ofetch instance that sends the access token and, on a 401, refreshes once and retries once. */
  readonly fetch: ReturnType<typeof createSessionFetch>
  /** Restore the stored session, or mint a visitor. Returns the session. */
  start(): Session
  /** Stop all work: no timer, request, listener or lock is left behind. Pending waits reject. */
  stop(): void
  /** A token valid by the wall clock right now, waiting for a mint or refresh when needed. */
  getAccessToken(options?: WaitOptions): Promise<string>
  /** The whole token set (valid right now), e.g. to hand to another library. */
  getTokens(options?: WaitOptions): Promise<TokenSet>
  /** Refresh now, even if not due; resolves with the new access token. */
  refresh(options?: WaitOptions): Promise<string>
  /** Forget the stored session everywhere and start a new visitor; resolves when it holds tokens. */
  signOut(options?: WaitOptions): Promise<void>
  /** Leave `failed` and try again from the stored session. */
  retry(): void
  /** Listen to snapshots; returns the unsubscribe function. Called at once with the current one. */
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void
  /** Listen to one kind of emitted event (or `*` for all); returns the unsubscribe function. */
  on<T extends SessionEmitted['type']>(
    type: T,
    listener: (event: SessionEventOf<T>) => void,
  ): () => void
  on(type: '*', listener: (event: SessionEmitted) => void): () => void
}

/**
 * Create a session for a Wix Headless OAuth client.
 *
 * @example
 * ```ts
 * import { createSession } from 'headless-session'
 *
 * const session = createSession({ clientId: 'my-wix-client-id' }).start()
 * const token = await session.getAccessToken()
 * const products = await session.fetch('https://www.wixapis.com/stores/v1/products/query', {
 *   method: 'POST',
 *   body: {},
 * })
 * const stop = session.subscribe((snapshot) => render(snapshot.state))
 * ```
 */
export function createSession(options: SessionOptions): Session {
  const config = resolveOptions(options)
  const chosen = config.storage
    ? { store: config.storage, warnings: [] }
    : defaultStore(config.clientId)
  const persistence = createPersistence({
    store: chosen.store,
    clientId: config.clientId,
    now: config.now,
    storageTimeoutMs: config.storageTimeout,
    initialWarnings: chosen.warnings,
  })
  const endpoint = createTokenEndpoint({
    clientId: config.clientId,
    tokenUrl: config.tokenUrl,
    encoding: config.encoding,
    requestTimeout: config.requestTimeout,
    fetch: config.fetch,
    now: config.now,
    createSessionId: randomId,
  })
  const tabId = randomId()
  const machine = sessionMachine.provide({
    ...createTimingEffects({ now: config.now, random: config.random }),
    actors: {
      ...persistenceActors(persistence),
      requestTokens: tokenEndpointActor(endpoint),
      tabSync: tabSyncFor(config, tabId, persistence),
      environment: environmentActor(
        config.environment === false ? {} : (config.environment ?? defaultEnvironmentTargets()),
      ),
      refreshLock: refreshLockActor({
        locks: config.locks ?? webLocks() ?? realmLocks,
        name: `headless-session:${config.clientId}:leader`,
        stealAfterMs: config.lockTimeout,
      }),
    },
  })
  const newActor = (): SessionActor =>
    createActor(machine, {
      input: {
        refreshMargin: config.refreshMargin,
        retry: config.retry,
        online: initiallyOnline(),
      },
      ...(config.inspect ? { inspect: config.inspect } : {}),
    })

  let actor = newActor()
  let running = false
  let detach: () => void = () => undefined
  let lastSnapshot: SessionSnapshot = toSessionSnapshot(actor.getSnapshot(), false)
  const snapshotListeners = new Set<(snapshot: SessionSnapshot) => void>()
  const emittedListeners = new Set<(event: SessionEmitted) => void>()
  const pendingWaits = new Set<AbortController>()

  const publish = () => {
    const next = toSessionSnapshot(actor.getSnapshot(), running)
    if (sameSnapshot(next, lastSnapshot)) return
    lastSnapshot = next
    for (const listener of snapshotListeners) listener(next)
  }

  const attach = (target: SessionActor) => {
    const snapshots = target.subscribe({ next: publish, error: publish })
    const emitted = target.on('*', (event) => {
      for (const listener of emittedListeners) listener(event)
    })
    return () => {
      snapshots.unsubscribe()
      emitted.unsubscribe()
    }
  }

  /** Every wait goes through here so that `stop()` can end all of them. */
  const wait = (
    purpose: string,
    waitOptions: WaitOptions | undefined,
    accept?: (tokens: TokenSet) => boolean,
  ) => {
    if (!running) return Promise.reject(notRunning(purpose))
    const stopped = new AbortController()
    pendingWaits.add(stopped)
    return waitForTokens(actor, config.now, {
      purpose,
      timeoutMs: waitOptions?.timeout ?? config.waitTimeout,
      signals: [stopped.signal, ...(waitOptions?.signal ? [waitOptions.signal] : [])],
      ...(accept ? { accept } : {}),
    })
      .catch((error: unknown) => {
        throw stopped.signal.aborted ? notRunning(purpose) : error
      })
      .finally(() => pendingWaits.delete(stopped))
  }

  const currentTokens = () => actor.getSnapshot().context.tokens

  const refresh = async (waitOptions?: WaitOptions): Promise<string> => {
    const before = currentTokens()
    if (running) actor.send({ type: 'REFRESH' })
    const tokens = await wait('refresh()', waitOptions, (candidate) => isNewer(candidate, before))
    return tokens.accessToken
  }

  const session: Session = {
    get actor() {
      return actor
    },
    tabId,
    get state() {
      return lastSnapshot.state
    },
    get snapshot() {
      return lastSnapshot
    },
    fetch: createSessionFetch({
      getAccessToken: () => session.getAccessToken(),
      // Many requests may fail with the same stale token; only the first one refreshes.
      replaceRejectedToken: (rejected) =>
        currentTokens()?.accessToken === rejected ? refresh() : session.getAccessToken(),
      ...(config.fetch ? { fetch: config.fetch } : {}),
    }),

    start() {
      if (running) return session
      if (actor.getSnapshot().status === 'stopped') actor = newActor()
      running = true
      detach = attach(actor)
      actor.start()
      actor.send({ type: 'START' })
      publish()
      return session
    },

    stop() {
      if (!running) return
      running = false
      for (const pending of pendingWaits) pending.abort()
      actor.stop()
      detach()
      publish()
    },

    async getAccessToken(waitOptions) {
      return (await wait('getAccessToken()', waitOptions)).accessToken
    },

    async getTokens(waitOptions) {
      return { ...(await wait('getTokens()', waitOptions)) }
    },

    refresh,

    async signOut(waitOptions) {
      const before = currentTokens()
      if (running) actor.send({ type: 'SIGN_OUT' })
      await wait('signOut()', waitOptions, (tokens) => tokens.sessionId !== before?.sessionId)
    },

    retry() {
      if (running) actor.send({ type: 'RETRY' })
    },

    subscribe(listener) {
      snapshotListeners.add(listener)
      listener(lastSnapshot)
      return () => {
        snapshotListeners.delete(listener)
      }
    },

    on(type: string, listener: (event: never) => void) {
      const filtered = (event: SessionEmitted) => {
        if (type === '*' || event.type === type)
          (listener as (event: SessionEmitted) => void)(event)
      }
      emittedListeners.add(filtered)
      return () => {
        emittedListeners.delete(filtered)
      }
    },
  }
  return session
}

/** The tab-sync actor this session's options ask for. */
function tabSyncFor(config: ResolvedOptions, tabId: string, persistence: Persistence) {
  const Channel = config.BroadcastChannel
  if (!config.sync || Channel === undefined) return noTabSync
  return broadcastTabSync({
    openChannel: () => new Channel(channelName(config.clientId)),
    tabId,
    confirm: async (tokens, signal) => {
      if (!persistence.shared) return true
      const stored = await persistence.peek(signal)
      return (
        stored?.refreshToken === tokens.refreshToken && stored.accessToken === tokens.accessToken
      )
    },
  })
}

/**
 * Tokens that replace `before`: another visitor, or another grant for the same one. Told
 * apart by the access token, which every grant renews, not by `issuedAt`, which goes
 * backwards with a clock that was set back.
 */
function isNewer(candidate: TokenSet, before: TokenSet | null): boolean {
  return (
    before === null ||
    candidate.sessionId !== before.sessionId ||
    candidate.accessToken !== before.accessToken
  )
}
