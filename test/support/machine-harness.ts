/**
 * The session machine with every effect replaced by something a test controls: a fake
 * clock (vitest's fake timers drive both `now()` and the machine's delays), a token
 * endpoint whose requests the test answers one by one, an in-memory store, a lock the
 * test can hold back, and a tab channel that records announcements.
 */
import { vi } from 'vitest'
import { createActor, fromCallback, fromPromise } from 'xstate'
import { sessionMachine } from '../../machines/session.machine'
import { createTimingEffects } from '../../machines/session.timing'
import type {
  ClearRequest,
  ClearResult,
  CommitRequest,
  CommitResult,
  LoadResult,
  RefreshLockCommand,
  SessionEmitted,
  SessionEvent,
  SessionMachineInput,
  SessionWarning,
  TabSyncCommand,
  TokenFailure,
  TokenRequest,
  TokenSet,
} from '../../machines/session.types'
import { recordTransitions } from './transition-coverage'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const MARGIN = 5 * MINUTE
export const RETRY = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 }
/** How long a tab with a store of its own waits for other tabs' answers (`perTabStore`). */
export const PEER_REPLY_WINDOW = 250

let serial = 0

/** A token set issued at `issuedAt` that lives `lifetime` ms. */
export function tokensAt(issuedAt: number, lifetime = 4 * HOUR, sessionId = 'visitor-1'): TokenSet {
  serial += 1
  return {
    sessionId,
    accessToken: `access-${serial}`,
    refreshToken: `refresh-${serial}`,
    issuedAt,
    expiresAt: issuedAt + lifetime,
    role: 'visitor',
  }
}

export function failure(code: string, retryable: boolean, retryAfterMs?: number): TokenFailure {
  return { code, retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
}

interface PendingRequest {
  input: TokenRequest
  resolve: (tokens: TokenSet) => void
  reject: (error: TokenFailure) => void
}

export interface HarnessOptions {
  stored?: TokenSet | null
  /** Grant the lock at once on CLAIM (default), or only when the test calls `grantLock()`. */
  lock?: 'auto' | 'manual'
  loadWarnings?: SessionWarning[]
  failLoad?: boolean
  failCommit?: boolean
  failClear?: boolean
  /** Replace the commit's compare-and-set with a fixed answer. */
  commitResult?: (input: CommitRequest) => CommitResult
  /** Make the store unreadable (the load reports `readable: false`). */
  unreadable?: boolean
  /** The stored tokens are a member's session marked ended. */
  storedEnded?: boolean
  /** Marking a member's session ended throws. */
  failEnd?: boolean
  /**
   * The store is this tab's own (as `createMemoryStore()` is): loads and clears report
   * `shared: false`, and the tab asks the others before minting or refreshing.
   */
  perTabStore?: boolean
  /** What an earlier run had seen (`SessionMachineInput.seen`), as a restarted session has. */
  seen?: SessionMachineInput['seen']
  /** The reply window given to the machine. Default PEER_REPLY_WINDOW with `perTabStore`, else 0. */
  peerReplyWindow?: number
  taken?: Set<string>
}

export function createHarness(options: HarnessOptions = {}) {
  const store = {
    tokens: options.stored ?? null,
    loads: 0,
    commits: [] as CommitRequest[],
    clears: 0,
    /** Switchable mid-test: the next loads throw, or report an unreadable store. */
    failLoad: options.failLoad ?? false,
    unreadable: options.unreadable ?? false,
    /** Warnings the next load reports (then none). */
    warnings: options.loadWarnings ?? [],
    /** The stored member session is marked ended (its refresh token was refused). */
    ended: options.storedEnded ?? false,
  }
  const requests: PendingRequest[] = []
  const announcements: TabSyncCommand[] = []
  const lockCommands: RefreshLockCommand[] = []
  const emitted: SessionEmitted[] = []
  let lockHolder: ((event: SessionEvent) => void) | null = null
  let lockWanted = false
  let lockHeld = false

  const machine = sessionMachine.provide({
    ...createTimingEffects({ now: () => Date.now(), random: () => 0.5 }),
    actors: {
      loadSession: fromPromise<LoadResult>(async () => {
        store.loads += 1
        if (store.failLoad) throw new Error('store exploded')
        const result = {
          tokens: store.unreadable ? null : store.tokens,
          readable: !store.unreadable,
          shared: !options.perTabStore,
          endedMember: !store.unreadable && store.tokens !== null && store.ended,
          warnings: store.warnings,
        }
        store.warnings = []
        return result
      }),
      requestTokens: fromPromise<TokenSet, TokenRequest>(
        ({ input }) =>
          new Promise<TokenSet>((resolve, reject) => {
            requests.push({ input, resolve, reject })
          }),
      ),
      commitSession: fromPromise<CommitResult, CommitRequest>(async ({ input }) => {
        store.commits.push(input)
        if (options.failCommit || (input.ends && options.failEnd))
          throw new Error('commit exploded')
        if (input.ends) {
          const holds = store.tokens?.refreshToken === input.replaces
          if (holds) store.ended = true
          return { outcome: holds ? 'committed' : 'superseded', tokens: store.tokens, warnings: [] }
        }
        if (options.commitResult) return options.commitResult(input)
        const current = store.tokens
        const allowed = input.force
          ? true
          : input.replaces === null
            ? current === null || current.issuedAt < input.tokens.issuedAt
            : !store.ended && current?.refreshToken === input.replaces
        if (!allowed) return { outcome: 'superseded', tokens: current, warnings: [] }
        store.tokens = input.tokens
        store.ended = false
        return { outcome: 'committed', tokens: input.tokens, warnings: [] }
      }),
      clearSession: fromPromise<ClearResult, ClearRequest>(async ({ input }) => {
        store.clears += 1
        if (options.failClear) throw new Error('clear exploded')
        // Compare-and-delete, as persistence.forget does.
        if (input.sessionId !== null && store.tokens?.sessionId === input.sessionId) {
          store.tokens = null
          store.ended = false
        }
        return { shared: !options.perTabStore, warnings: [] }
      }),

      tabSync: fromCallback<TabSyncCommand>(({ receive }) => {
        receive((command) => announcements.push(command))
      }),
      environment: fromCallback(() => undefined),
      refreshLock: fromCallback<RefreshLockCommand>(({ receive, sendBack }) => {
        receive((command) => {
          lockCommands.push(command)
          if (command.type === 'RELEASE') {
            lockWanted = false
            lockHeld = false
            lockHolder = null
            return
          }
          lockWanted = true
          lockHolder = sendBack
          // Like the real lock actor: a claim by the holder is granted at once.
          if (lockHeld || options.lock !== 'manual') {
            lockHeld = true
            sendBack({ type: 'LEADERSHIP.GRANTED' })
          }
        })
      }),
    },
  })

  const actor = createActor(machine, {
    input: {
      refreshMargin: MARGIN,
      retry: RETRY,
      peerReplyWindow: options.peerReplyWindow ?? (options.perTabStore ? PEER_REPLY_WINDOW : 0),
      ...(options.seen ? { seen: options.seen } : {}),
    },
    ...(options.taken ? { inspect: recordTransitions(options.taken) } : {}),
  })
  actor.on('*', (event) => emitted.push(event))

  const settle = () => vi.advanceTimersByTimeAsync(0)

  return {
    actor,
    store,
    requests,
    announcements,
    lockCommands,
    emitted,
    settle,
    /** The state path, e.g. `expiring.backingOff.waiting`. */
    state(): string {
      const flatten = (value: unknown): string =>
        typeof value === 'string'
          ? value
          : Object.entries(value as Record<string, unknown>)
              .map(([key, child]) => `${key}.${flatten(child)}`)
              .join('')
      return flatten(actor.getSnapshot().value)
    },
    context: () => actor.getSnapshot().context,
    send: async (event: SessionEvent) => {
      actor.send(event)
      await settle()
    },
    /** Start and process START; settles pending promises. */
    start: async () => {
      actor.start()
      actor.send({ type: 'START' })
      await settle()
    },
    /** The request in flight (the last one), failing the test if there is none. */
    pending(): PendingRequest {
      const last = requests.at(-1)
      if (!last) throw new Error('no token request was made')
      return last
    },
    respond: async (tokens: TokenSet) => {
      const last = requests.at(-1)
      if (!last) throw new Error('no token request to answer')
      last.resolve(tokens)
      await settle()
    },
    fail: async (error: TokenFailure) => {
      const last = requests.at(-1)
      if (!last) throw new Error('no token request to fail')
      last.reject(error)
      await settle()
    },
    /** Grant a lock claimed in manual mode. */
    grantLock: async () => {
      if (!lockWanted || !lockHolder) throw new Error('nobody claimed the lock')
      lockHeld = true
      lockHolder({ type: 'LEADERSHIP.GRANTED' })
      await settle()
    },
    loseLock: async () => {
      if (!lockHolder || !lockHeld) throw new Error('nobody holds the lock')
      lockHeld = false
      lockHolder({ type: 'LEADERSHIP.LOST' })
      await settle()
    },
    /** Advance fake time (timers fire). */
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
    /** Jump the wall clock without firing timers, as a sleeping laptop does. */
    jump: (ms: number) => vi.setSystemTime(Date.now() + ms),
  }
}

export type Harness = ReturnType<typeof createHarness>
