/**
 * `createSession()`: the machine, provided with the actors that do the work, behind the
 * small API an app uses. The facade owns no session logic of its own; it starts and stops
 * the actor, turns snapshots into answers, and checks the wall clock on every hand-out.
 */
import { createActor } from 'xstate'
import { sessionMachine } from '../machines/session.machine'
import { createTimingEffects, isFresh, isUsable } from '../machines/session.timing'
import type { SessionEmitted, TokenRole, TokenSet } from '../machines/session.types'
import { defaultEnvironmentTargets, environmentActor, initiallyOnline } from './actors/environment'
import { createPersistence, type Persistence, persistenceActors } from './actors/persistence'
import { refreshLockActor } from './actors/refresh-lock'
import { broadcastTabSync, channelName, noTabSync } from './actors/tab-sync'
import { createTokenEndpoint, tokenEndpointActor } from './actors/token-endpoint'
import { SessionError } from './errors'
import { redactInspection } from './inspection'
import { createLocalLockManager, realmLocks } from './locks/local-lock-manager'
import { webLocks } from './locks/lock-manager'
import { type ResolvedOptions, resolveOptions, type SessionOptions } from './options'
import { randomId } from './random-id'
import { createSessionFetch } from './session-fetch'
import { type SessionSnapshot, sameSnapshot, toSessionSnapshot } from './session-snapshot'
import { defaultStore } from './storage/default-store'
import { parseTokenSet } from './token-set'
import { notRunning, type SessionActor, waitForTokens } from './wait-for-tokens'

/**
 * Options for one wait on the session.
 *
 * @example
 * ```ts
 * const wait: WaitOptions = { timeout: 5_000, signal: request.signal }
 * const token = await session.getAccessToken(wait)
 * ```
 */
export interface WaitOptions {
  /** Give up after this many milliseconds (default: the session's `waitTimeout`). */
  timeout?: number
  /** Give up when this signal aborts. */
  signal?: AbortSignal
}

/**
 * Tokens an app hands to a session, e.g. converted from `@wix/sdk` with `fromWixTokens()`.
 *
 * @example
 * ```ts
 * const tokens: ImportableTokens = { accessToken, refreshToken, expiresAt: Date.now() + 3_600_000, role: 'member' }
 * await session.importTokens(tokens)
 * ```
 */
export interface ImportableTokens {
  accessToken: string
  refreshToken: string
  /** Epoch ms at which the access token expires (it may already have: it is then refreshed). */
  expiresAt: number
  /** Default `visitor`. A member's session is never silently turned into a visitor's. */
  role?: TokenRole
  /** Keep a known session ID; default: a new one. */
  sessionId?: string
}

/**
 * An event the session emits, by its `type`.
 *
 * @example
 * ```ts
 * const onChange = (event: SessionEventOf<'tokensChanged'>) => console.log(event.reason)
 * session.on('tokensChanged', onChange)
 * ```
 */
export type SessionEventOf<T extends SessionEmitted['type']> = Extract<SessionEmitted, { type: T }>

/**
 * A running Wix Headless session. Create it with `createSession()`.
 *
 * @example
 * ```ts
 * const session: Session = createSession({ clientId: 'my-wix-client-id' }).start()
 * const stop = session.subscribe(({ state }) => console.log(state))
 * ```
 */
export interface Session {
  /** The running XState actor (a new one after `stop()` and `start()`). */
  readonly actor: SessionActor
  /** This session's random identifier on the tab channel (one per `createSession()`). */
  readonly tabId: string
  /** The Wix client ID the session was created for. */
  readonly clientId: string
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
  /**
   * Make these tokens the session for every tab, replacing whatever is held (no new
   * visitor is minted); resolves when they, or their refresh, are valid.
   */
  importTokens(tokens: ImportableTokens, options?: WaitOptions): Promise<void>
  /** The tokens held right now if valid by the wall clock, else `null`; never waits or requests. */
  peekTokens(): TokenSet | null
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
        // Without Web Locks, sessions that share a page's store and channel share one lock;
        // a session that shares nothing (Node, sync off) gets its own, so a server holding
        // many users' sessions never makes one user's refresh wait for another's.
        locks: config.locks ?? webLocks() ?? (config.sync ? realmLocks : createLocalLockManager()),
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
        peerReplyWindow: syncsWithTabs(config) ? config.peerReplyWindow : 0,
      },
      ...(config.inspect
        ? {
            inspect: config.revealTokensToInspector
              ? config.inspect
              : redactInspection(config.inspect),
          }
        : {}),
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
    // The hot path: a valid token in hand is answered without subscribing or arming a timer.
    const { value, context } = actor.getSnapshot()
    const held = context.tokens
    const now = config.now()
    // A timer armed on the monotonic clock sleeps through a jump of the wall clock (a
    // resumed laptop, a worker): the hand-out is where a due refresh is noticed, and the
    // still-valid token is handed out meanwhile.
    if (value === 'active' && held !== null && !isFresh(held, context.refreshMargin, now)) {
      actor.send({ type: 'CHECK', reason: 'caller' })
    }
    if (value !== 'failed' && held !== null && isUsable(held, now) && (accept?.(held) ?? true)) {
      return waitOptions?.signal?.aborted
        ? Promise.reject(new SessionError('aborted', `${purpose}: the wait was aborted`))
        : Promise.resolve(held)
    }
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
    clientId: config.clientId,
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

    async importTokens(tokens, waitOptions) {
      if (!running) throw notRunning('importTokens()')
      const now = config.now()
      const imported = parseTokenSet({
        sessionId: tokens?.sessionId ?? randomId(),
        accessToken: tokens?.accessToken,
        refreshToken: tokens?.refreshToken,
        // An already expired access token is accepted: its refresh token renews it.
        issuedAt: Math.min(now, (tokens?.expiresAt ?? 0) - 1),
        expiresAt: tokens?.expiresAt,
        role: tokens?.role ?? 'visitor',
        // Later than anything this tab has seen, so every tab takes the import over it.
        generation: actor.getSnapshot().context.generation + 1,
      })
      if (imported === null) {
        throw new SessionError(
          'invalid_tokens',
          'importTokens(): expected non-empty accessToken and refreshToken strings, an expiresAt in epoch ms and a role of visitor or member',
        )
      }
      actor.send({ type: 'IMPORT', tokens: imported })
      await wait('importTokens()', waitOptions, (held) => held.sessionId === imported.sessionId)
    },

    peekTokens() {
      const tokens = running ? currentTokens() : null
      return tokens !== null && isUsable(tokens, config.now()) ? { ...tokens } : null
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

/** Whether this session talks to other tabs: asked to, and with a channel to do it over. */
function syncsWithTabs(config: ResolvedOptions): boolean {
  return config.sync && config.BroadcastChannel !== undefined
}

/** The tab-sync actor this session's options ask for. */
function tabSyncFor(config: ResolvedOptions, tabId: string, persistence: Persistence) {
  const Channel = config.BroadcastChannel
  if (!syncsWithTabs(config) || Channel === undefined) return noTabSync
  return broadcastTabSync({
    openChannel: () => new Channel(channelName(config.clientId)),
    tabId,
    confirm: async (tokens, signal) => {
      if (!persistence.shared) {
        // Nothing to check against, and this copy is how this tab will find the session
        // when it next reads its store under the lock.
        await persistence.keepAnnounced(tokens, signal)
        return true
      }
      const stored = await persistence.peek(signal)
      return (
        stored?.refreshToken === tokens.refreshToken && stored.accessToken === tokens.accessToken
      )
    },
    confirmSignOut: async (sessionId, signal) => {
      if (!persistence.shared) {
        await persistence.forgetAnnounced(sessionId, signal)
        return true
      }
      return (await persistence.peek(signal))?.sessionId !== sessionId
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
