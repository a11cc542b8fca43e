/**
 * The session's state chart. It holds no I/O: every effect is a named actor, action,
 * guard or delay declared in `setup()`, implemented in `src/` and provided by
 * `createSession()`. Read the `createMachine` config below as the chart itself; the
 * implementations of the names it uses follow at the bottom of the `setup()` call.
 *
 * Top-level states:
 * - `idle`: created or stopped; no work under way.
 * - `restoring`: reading the persisted session (no network).
 * - `anonymous`: minting a new visitor (`grantType: anonymous`), led by one tab.
 * - `active`: holding an access token that is valid beyond the refresh margin.
 * - `expiring`: a refresh is due (inside the margin, or expired after a sleep); this tab
 *   waits for the leadership or for the tab that has it.
 * - `refreshing`: a `refresh_token` grant is in flight from this tab, which leads.
 * - `failed`: unrecoverable error or retries exhausted; `RETRY`, `ONLINE` or tokens from
 *   another tab leave it.
 */
import {
  and,
  assign,
  type DoneActorEvent,
  emit,
  enqueueActions,
  fromCallback,
  fromPromise,
  type NonReducibleUnknown,
  sendTo,
  setup,
} from 'xstate'
import { createTimingEffects } from './session.timing'
import type {
  ClearResult,
  CommitRequest,
  CommitResult,
  LoadResult,
  RefreshLockCommand,
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionMachineInput,
  SessionWarning,
  TabSyncCommand,
  TokenFailure,
  TokenRequest,
  TokenSet,
  TokensChangedReason,
} from './session.types'
import { generationOf } from './token-order'

/** An actor slot the machine declares and `createSession()` fills. */
function unprovidedPromise<TOutput, TInput = NonReducibleUnknown>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(`headless-session: the "${name}" actor must be provided (use createSession())`)
  })
}

/** An `emit` action whose payload depends on the action's params. */
function emitWithParams<TParams extends Record<string, unknown>>(
  build: (context: SessionContext, params: TParams) => SessionEmitted,
) {
  return emit<SessionContext, SessionEvent, TParams, SessionEvent, SessionEmitted>(
    ({ context }, params) => build(context, params),
  )
}

function unprovidedCallback<TReceived extends { type: string }>(name: string) {
  return fromCallback<TReceived>(() => {
    throw new Error(`headless-session: the "${name}" actor must be provided (use createSession())`)
  })
}

/** The session's generation high-water mark once it has seen `tokens`. */
function highestGeneration(context: SessionContext, tokens: TokenSet | null): number {
  return tokens === null ? context.generation : Math.max(context.generation, generationOf(tokens))
}

function heldTokens(context: SessionContext): TokenSet {
  if (context.tokens === null) throw new Error('headless-session: no tokens held in this state')
  return context.tokens
}

function asFailure(error: unknown): TokenFailure {
  const candidate = error as Partial<TokenFailure> | null
  return typeof candidate?.code === 'string' && typeof candidate.retryable === 'boolean'
    ? (candidate as TokenFailure)
    : { code: 'unexpected', retryable: false }
}

type LoadDone = DoneActorEvent<LoadResult>
type CommitDone = DoneActorEvent<CommitResult>
type TokensDone = DoneActorEvent<TokenSet>

/** Commit input for the tokens a request just produced (the event entering `committing`). */
function commitInput(replaces: string | null, event: SessionEvent): CommitRequest {
  return { tokens: (event as unknown as TokensDone).output, replaces }
}

const defaultTiming = createTimingEffects({ now: () => Date.now(), random: Math.random })

/** The machine's vocabulary and the implementations it declares; the chart is below. */
const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionMachineInput,
    emitted: {} as SessionEmitted,
  },
  actors: {
    /** Reads and validates the stored session; never rejects (problems become warnings). */
    loadSession: unprovidedPromise<LoadResult>('loadSession'),
    /** One token request (`anonymous` or `refresh_token`); rejects with a TokenFailure. */
    requestTokens: unprovidedPromise<TokenSet, TokenRequest>('requestTokens'),
    /** Writes tokens unless the store moved on from the refresh token they replace. */
    commitSession: unprovidedPromise<CommitResult, CommitRequest>('commitSession'),
    /** Deletes the stored session (sign-out). */
    clearSession: unprovidedPromise<ClearResult>('clearSession'),
    /** Talks to the other tabs: announces commits, feeds theirs back as `SYNC.*` events. */
    tabSync: unprovidedCallback<TabSyncCommand>('tabSync'),
    /** Page lifecycle and connectivity as `CHECK`, `ONLINE` and `OFFLINE` events. */
    environment: unprovidedCallback<{ type: string }>('environment'),
    /** Leadership for minting and refreshing: `CLAIM`/`RELEASE` in, `LEADERSHIP.*` out. */
    refreshLock: unprovidedCallback<RefreshLockCommand>('refreshLock'),
  },
  guards: {
    ...defaultTiming.guards,
    loadedTokens: ({ event }) => (event as unknown as LoadDone).output.tokens !== null,
    /** The store holds tokens other than ours: another tab refreshed or replaced them. */
    storeMovedOn: ({ context, event }) => {
      const stored = (event as unknown as LoadDone).output.tokens
      return stored !== null && stored.refreshToken !== context.tokens?.refreshToken
    },
    /** The store was read and is empty: the session was signed out elsewhere. */
    storeForgotten: ({ event }) => {
      const { readable, tokens } = (event as unknown as LoadDone).output
      return readable && tokens === null
    },
    /** The store holds a session this tab is not discarding: another tab minted, or a restore. */
    storeHasKeeper: ({ context, event }) => {
      const stored = (event as unknown as LoadDone).output.tokens
      if (stored === null) return false
      if (context.discarding === null) return true
      return (
        context.discarding.sessionId !== null && stored.sessionId !== context.discarding.sessionId
      )
    },
    discarding: ({ context }) => context.discarding !== null,
    committed: ({ event }) => (event as unknown as CommitDone).output.outcome === 'committed',
    commitLeftTokens: ({ event }) => (event as unknown as CommitDone).output.tokens !== null,
    retryable: ({ event }) => asFailure((event as { error?: unknown }).error).retryable,
    /** A visitor's refresh token was rejected: the visitor is gone and a new one is minted. */
    visitorGrantRejected: ({ context, event }) =>
      asFailure((event as { error?: unknown }).error).code === 'invalid_grant' &&
      context.tokens?.role !== 'member',
    online: ({ context }) => context.online,
    failedTransiently: ({ context }) => context.error?.retryable === true,
    isCurrentSession: ({ context, event }) =>
      event.type === 'SYNC.SIGNED_OUT' && event.sessionId === context.tokens?.sessionId,
    /** Announced tokens are not of the session this tab is forgetting (a refresh that raced its sign-out). */
    notBeingDiscarded: ({ context, event }) =>
      event.type !== 'SYNC.SESSION' ||
      context.discarding?.sessionId == null ||
      event.tokens.sessionId !== context.discarding.sessionId,
    /**
     * The store is this tab's alone, so its emptiness says nothing about the other tabs:
     * one of them may hold a visitor this tab should join rather than mint another.
     */
    peersMayHoldSession: ({ context, event }) =>
      context.peerReplyWindow > 0 &&
      (event as unknown as DoneActorEvent<{ shared?: boolean }>).output.shared === false,
    holdsTokens: ({ context }) => context.tokens !== null,
  },
  delays: {
    ...defaultTiming.delays,
    peerReplyWindow: ({ context }) => context.peerReplyWindow,
  },
  actions: {
    ...defaultTiming.actions,
    takeLoaded: assign({
      tokens: ({ event }) => (event as unknown as LoadDone).output.tokens,
      generation: ({ context, event }) =>
        highestGeneration(context, (event as unknown as LoadDone).output.tokens),
      notBefore: 0,
    }),
    takeCommitted: assign({
      tokens: ({ event }) => (event as unknown as CommitDone).output.tokens,
      generation: ({ context, event }) =>
        highestGeneration(context, (event as unknown as CommitDone).output.tokens),
      error: null,
      attempt: 0,
      notBefore: 0,
    }),
    adoptAnnounced: assign({
      tokens: ({ context, event }) =>
        event.type === 'SYNC.SESSION' ? event.tokens : context.tokens,
      generation: ({ context, event }) =>
        highestGeneration(context, event.type === 'SYNC.SESSION' ? event.tokens : null),
      // Another visitor took over: the one being forgotten was replaced in every store.
      discarding: null,
      error: null,
      attempt: 0,
      notBefore: 0,
    }),
    recordFailure: assign({
      error: ({ event }) => asFailure((event as { error?: unknown }).error),
      attempt: ({ context }) => context.attempt + 1,
    }),
    // A backoff (`notBefore`) outlives this: only a success (commit or adoption) clears it.
    resetFailures: assign({ error: null, attempt: 0 }),
    /** Drop the held session and remember to forget its stored copy before minting. */
    discardTokens: assign({
      discarding: ({ context }) => ({ sessionId: context.tokens?.sessionId ?? null }),
      tokens: null,
    }),
    endDiscard: assign({ discarding: null }),
    forgetTokens: assign({ tokens: null }),
    markOnline: assign({ online: true }),
    markOffline: assign({ online: false }),
    claimLeadership: sendTo('refreshLock', { type: 'CLAIM' } satisfies RefreshLockCommand),
    releaseLeadership: sendTo('refreshLock', { type: 'RELEASE' } satisfies RefreshLockCommand),
    announceTokens: sendTo('tabSync', ({ context }) => ({
      type: 'ANNOUNCE_SESSION' as const,
      tokens: heldTokens(context),
    })),
    announceSignOut: sendTo('tabSync', ({ context }) => ({
      type: 'ANNOUNCE_SIGN_OUT' as const,
      sessionId: context.discarding?.sessionId ?? '',
    })),
    askPeers: sendTo('tabSync', { type: 'ASK_PEERS' } satisfies TabSyncCommand),
    announceBackoff: sendTo('tabSync', ({ context }) => ({
      type: 'ANNOUNCE_BACKOFF' as const,
      until: context.notBefore,
      attempt: context.attempt,
    })),
    emitTokensChanged: emitWithParams((context, params: { reason: TokensChangedReason }) => ({
      type: 'tokensChanged' as const,
      sessionId: heldTokens(context).sessionId,
      expiresAt: heldTokens(context).expiresAt,
      role: heldTokens(context).role,
      reason: params.reason,
    })),
    emitRequestFailed: emitWithParams((context, params: { willRetry: boolean }) => ({
      type: 'tokenRequestFailed' as const,
      error: context.error ?? { code: 'unexpected', retryable: false },
      attempt: context.attempt,
      willRetry: params.willRetry,
    })),
    emitVisitorReplaced: emit(({ context }) => ({
      type: 'visitorReplaced' as const,
      previousSessionId: heldTokens(context).sessionId,
      reason: 'invalid_grant' as const,
    })),
    emitSignedOut: emitWithParams((context, params: { origin: 'this-tab' | 'other-tab' }) => ({
      type: 'signedOut' as const,
      sessionId: context.tokens?.sessionId ?? null,
      origin: params.origin,
    })),
    emitWarnings: enqueueActions<
      SessionContext,
      SessionEvent,
      undefined,
      SessionEvent,
      never,
      never,
      never,
      never,
      SessionEmitted
    >(({ event, enqueue }) => {
      const output = (event as { output?: { warnings?: readonly SessionWarning[] } }).output
      for (const warning of output?.warnings ?? []) enqueue.emit({ type: 'warning', warning })
    }),
  },
})

/** Waiting for the one lock that lets this tab mint or refresh for the whole browser. */
const awaitingLeadership = sessionSetup.createStateConfig({
  entry: 'claimLeadership',
  on: { 'LEADERSHIP.GRANTED': 'checkingStore' },
})

/**
 * After a failed request: the lock is released so a healthy tab can lead, and the next
 * attempt waits for the backoff, and for the network when offline.
 */
function backingOff(
  resume: '#session.anonymous.awaitingLeadership' | '#session.expiring.awaitingLeadership',
) {
  return sessionSetup.createStateConfig({
    entry: 'releaseLeadership',
    initial: 'waiting',
    states: {
      waiting: {
        after: { untilNotBefore: [{ guard: 'online', target: resume }, { target: 'paused' }] },
      },
      paused: {
        description: 'Offline: retries wait for the network to come back.',
        on: { ONLINE: { target: resume, actions: 'markOnline' } },
      },
    },
  })
}

/** What a failed token request leads to: a backoff while retries remain, else `failed`. */
function afterFailedRequest(backoff: 'backingOff' | '#session.expiring.backingOff') {
  return [
    {
      guard: and(['retryable', 'mayRetry']),
      target: backoff,
      actions: [
        'recordFailure',
        'scheduleRetry',
        'announceBackoff',
        { type: 'emitRequestFailed', params: { willRetry: true } },
      ],
    },
    {
      target: '#session.failed',
      actions: ['recordFailure', { type: 'emitRequestFailed', params: { willRetry: false } }],
    },
  ] as const
}

/**
 * What a commit leads to when the store held something: the tokens are ours (`reason`),
 * or another tab's that the store held instead (`adopted`). Each caller adds what an
 * emptied store means for it.
 */
function afterCommit(reason: 'minted' | 'refreshed') {
  return [
    {
      guard: 'committed',
      target: '#session.active',
      actions: [
        'emitWarnings',
        'takeCommitted',
        { type: 'emitTokensChanged', params: { reason } },
        'announceTokens',
      ],
    },
    {
      guard: 'commitLeftTokens',
      target: '#session.active',
      actions: [
        'emitWarnings',
        'takeCommitted',
        { type: 'emitTokensChanged', params: { reason: 'adopted' } },
      ],
    },
  ] as const
}

/**
 * The session's state chart, with every effect declared by name and left to be provided.
 * `createSession()` provides them; tests and tools can provide their own.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate'
 *
 * // A test of the chart alone, with stand-ins for the effects it names.
 * const actor = createActor(sessionMachine.provide({ actors: myStandIns }), {
 *   input: { refreshMargin: DEFAULT_REFRESH_MARGIN_MS, retry: DEFAULT_RETRY },
 * }).start()
 * actor.send({ type: 'START' })
 * ```
 */
export const sessionMachine = sessionSetup.createMachine({
  id: 'session',
  context: ({ input }) => ({
    tokens: null,
    error: null,
    attempt: 0,
    notBefore: 0,
    discarding: null,
    online: input.online ?? true,
    refreshMargin: input.refreshMargin,
    retry: input.retry,
    generation: 0,
    peerReplyWindow: input.peerReplyWindow ?? 0,
  }),
  invoke: [
    { id: 'tabSync', src: 'tabSync' },
    { id: 'environment', src: 'environment' },
    { id: 'refreshLock', src: 'refreshLock' },
  ],
  on: {
    ONLINE: { actions: 'markOnline' },
    OFFLINE: { actions: 'markOffline' },
    SIGN_OUT: {
      target: '.anonymous',
      actions: [{ type: 'emitSignedOut', params: { origin: 'this-tab' } }, 'discardTokens'],
    },
    'SYNC.SESSION': {
      guard: and(['announcedTokensNewer', 'notBeingDiscarded']),
      target: '.active',
      actions: ['adoptAnnounced', { type: 'emitTokensChanged', params: { reason: 'adopted' } }],
    },
    'SYNC.SIGNED_OUT': {
      guard: 'isCurrentSession',
      target: '.anonymous',
      actions: [{ type: 'emitSignedOut', params: { origin: 'other-tab' } }, 'forgetTokens'],
    },
    'SYNC.BACKOFF': { actions: 'holdBackForOtherTab' },
    'SYNC.ASKED': { guard: 'holdsTokens', actions: 'announceTokens' },
    IMPORT: { target: '.restoring.importing', actions: 'endDiscard' },
  },
  initial: 'idle',
  states: {
    idle: {
      description: 'Created or stopped; no work under way.',
      on: {
        START: 'restoring',
        // Nothing may happen before START: these would otherwise reach the root handlers.
        SIGN_OUT: {},
        IMPORT: {},
        'SYNC.SESSION': {},
        'SYNC.SIGNED_OUT': {},
      },
    },

    restoring: {
      description:
        'Taking the session from local data: the store, or tokens the app imported; no network.',
      initial: 'reading',
      states: {
        reading: {
          invoke: {
            src: 'loadSession',
            onDone: [
              {
                // A store of this tab's own may be behind (the tabs were told of a sign-out
                // or a refresh while this one was stopped), or the only one holding the
                // visitor: it tells the others what it holds and asks what they hold, and
                // every tab keeps the later of the two.
                guard: and(['loadedTokens', 'peersMayHoldSession']),
                target: '#session.active',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  { type: 'emitTokensChanged', params: { reason: 'restored' } },
                  'announceTokens',
                  'askPeers',
                ],
              },
              {
                guard: 'loadedTokens',
                target: '#session.active',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  { type: 'emitTokensChanged', params: { reason: 'restored' } },
                ],
              },
              { target: '#session.anonymous', actions: 'emitWarnings' },
            ],
            onError: '#session.anonymous',
          },
        },
        importing: {
          description: 'Storing the tokens the app handed over, for every tab.',
          invoke: {
            src: 'commitSession',
            input: ({ event }) => ({
              tokens: (event as Extract<SessionEvent, { type: 'IMPORT' }>).tokens,
              replaces: null,
              force: true,
            }),
            onDone: {
              target: '#session.active',
              actions: [
                'emitWarnings',
                'takeCommitted',
                { type: 'emitTokensChanged', params: { reason: 'imported' } },
                'announceTokens',
              ],
            },
            onError: { target: '#session.failed', actions: 'recordFailure' },
          },
        },
      },
    },

    anonymous: {
      description: 'Minting a new visitor, led by one tab for the whole browser.',
      initial: 'awaitingLeadership',
      states: {
        awaitingLeadership,
        checkingStore: {
          description: 'Another tab may have minted while this one waited for the lock.',
          invoke: {
            src: 'loadSession',
            onDone: [
              {
                guard: 'storeHasKeeper',
                target: '#session.active',
                actions: [
                  'emitWarnings',
                  'endDiscard',
                  'takeLoaded',
                  { type: 'emitTokensChanged', params: { reason: 'adopted' } },
                ],
              },
              { guard: 'discarding', target: 'forgetting', actions: 'emitWarnings' },
              // Decided here, after the store read, so another tab's backoff message that
              // raced the lock grant has had time to arrive.
              { guard: 'mustHoldBack', target: 'backingOff', actions: 'emitWarnings' },
              { guard: 'peersMayHoldSession', target: 'askingPeers', actions: 'emitWarnings' },
              { target: 'requesting', actions: 'emitWarnings' },
            ],
            onError: 'requesting',
          },
        },
        forgetting: {
          invoke: {
            src: 'clearSession',
            onDone: [
              // The forgotten session stays marked until the asking is over, so a tab
              // that has not heard of the sign-out yet cannot hand it back.
              {
                guard: 'peersMayHoldSession',
                target: 'askingPeers',
                actions: ['emitWarnings', 'announceSignOut'],
              },
              { target: 'requesting', actions: ['emitWarnings', 'announceSignOut', 'endDiscard'] },
            ],
            onError: { target: 'requesting', actions: ['announceSignOut', 'endDiscard'] },
          },
        },
        askingPeers: {
          description:
            "This tab's store is its own: another tab may hold a visitor to join. A tab that does announces it (adopted at once); after the reply window this one mints.",
          entry: 'askPeers',
          after: { peerReplyWindow: { target: 'requesting', actions: 'endDiscard' } },
          on: { 'LEADERSHIP.LOST': 'awaitingLeadership' },
        },
        requesting: {
          invoke: {
            src: 'requestTokens',
            input: ({ context }) => ({ grant: 'anonymous' as const, after: context.generation }),
            onDone: 'committing',
            onError: afterFailedRequest('backingOff'),
          },
          on: { 'LEADERSHIP.LOST': 'awaitingLeadership' },
        },
        committing: {
          invoke: {
            src: 'commitSession',
            input: ({ event }) => commitInput(null, event),
            onDone: [
              ...afterCommit('minted'),
              // Emptied while minting: start over (the lock is still ours).
              { target: 'awaitingLeadership', actions: ['emitWarnings', 'takeCommitted'] },
            ],
            onError: { target: '#session.failed', actions: 'recordFailure' },
          },
        },
        backingOff: backingOff('#session.anonymous.awaitingLeadership'),
      },
    },

    active: {
      description: 'Holding an access token valid beyond the refresh margin.',
      entry: ['releaseLeadership', 'resetFailures'],
      // Any event re-reads the wall clock: a timer late after sleep cannot hide an expiry.
      always: { guard: 'refreshDue', target: 'expiring' },
      after: {
        untilRefreshDue: { target: 'active', reenter: true },
      },
      on: {
        CHECK: {},
        REFRESH: 'expiring',
      },
    },

    expiring: {
      description:
        'A refresh is due; this tab waits for the leadership or for the tab that has it.',
      initial: 'awaitingLeadership',
      states: {
        awaitingLeadership,
        checkingStore: {
          description: 'Check again under the lock: another tab may have refreshed already.',
          invoke: {
            src: 'loadSession',
            onDone: [
              {
                guard: 'storeMovedOn',
                target: '#session.active',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  { type: 'emitTokensChanged', params: { reason: 'adopted' } },
                ],
              },
              {
                guard: 'storeForgotten',
                target: '#session.anonymous',
                actions: [
                  'emitWarnings',
                  { type: 'emitSignedOut', params: { origin: 'other-tab' } },
                  'forgetTokens',
                ],
              },
              { guard: 'mustHoldBack', target: 'backingOff', actions: 'emitWarnings' },
              { guard: 'peersMayHoldSession', target: 'askingPeers', actions: 'emitWarnings' },
              { target: '#session.refreshing', actions: 'emitWarnings' },
            ],
            onError: '#session.refreshing',
          },
        },
        askingPeers: {
          description:
            "This tab's store is its own, so it may not have heard yet of the refresh the last leader made. A tab holding newer tokens announces them (adopted at once); after the reply window this one refreshes.",
          entry: 'askPeers',
          after: { peerReplyWindow: '#session.refreshing' },
          on: { 'LEADERSHIP.LOST': 'awaitingLeadership' },
        },
        backingOff: backingOff('#session.expiring.awaitingLeadership'),
      },
    },

    refreshing: {
      description: 'A refresh_token grant is in flight from this tab, which holds the leadership.',
      initial: 'requesting',
      on: { 'LEADERSHIP.LOST': 'expiring' },
      states: {
        requesting: {
          invoke: {
            src: 'requestTokens',
            input: ({ context }) => ({
              grant: 'refresh_token' as const,
              tokens: heldTokens(context),
            }),
            onDone: 'committing',
            onError: [
              {
                guard: 'visitorGrantRejected',
                target: '#session.anonymous',
                actions: ['recordFailure', 'emitVisitorReplaced', 'discardTokens'],
              },
              ...afterFailedRequest('#session.expiring.backingOff'),
            ],
          },
        },
        committing: {
          invoke: {
            src: 'commitSession',
            input: ({ context, event }) => commitInput(heldTokens(context).refreshToken, event),
            onDone: [
              ...afterCommit('refreshed'),
              // Emptied while refreshing: the session was signed out in another tab.
              {
                target: '#session.anonymous',
                actions: [
                  'emitWarnings',
                  { type: 'emitSignedOut', params: { origin: 'other-tab' } },
                  'takeCommitted',
                ],
              },
            ],
            onError: { target: '#session.failed', actions: 'recordFailure' },
          },
        },
      },
    },

    failed: {
      description: 'Unrecoverable error, or retries exhausted; the typed error is in context.',
      entry: 'releaseLeadership',
      on: {
        RETRY: { target: 'restoring', actions: 'resetFailures' },
        REFRESH: { target: 'restoring', actions: 'resetFailures' },
        ONLINE: {
          guard: 'failedTransiently',
          target: 'restoring',
          actions: ['markOnline', 'resetFailures'],
        },
      },
    },
  },
})
