/**
 * The session's state chart. It holds no I/O: every effect is a named actor, action,
 * guard or delay declared in `session.setup.ts` (implemented in `session.actions.ts`,
 * `session.guards.ts`, `session.timing.ts`) and provided by `createSession()`. Read the
 * `createMachine` config below as the chart itself; the fragments several states share
 * follow it.
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
import { and, type DoneActorEvent } from 'xstate'
import { heldTokens } from './session.actions'
import { sessionSetup } from './session.setup'
import type { CommitRequest, SessionEvent, TokenSet } from './session.types'

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
    discarding: input.seen?.discarding ?? null,
    left: input.seen?.left ?? [],
    online: input.online ?? true,
    refreshMargin: input.refreshMargin,
    retry: input.retry,
    generation: input.seen?.generation ?? 0,
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
      guard: and([
        'announcedTokensNewer',
        'notBeingDiscarded',
        'notLeftBehind',
        'notDemotingEndedMember',
      ]),
      target: '.active',
      actions: ['adoptAnnounced', { type: 'emitTokensChanged', params: { reason: 'adopted' } }],
    },
    'SYNC.SIGNED_OUT': {
      guard: 'isCurrentSession',
      target: '.anonymous',
      actions: [{ type: 'emitSignedOut', params: { origin: 'other-tab' } }, 'forgetTokens'],
    },
    'SYNC.MEMBER_ENDED': {
      guard: 'isCurrentSession',
      target: '.failed',
      actions: ['emitMemberSessionEnded', 'recordMemberEnded'],
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
        'SYNC.MEMBER_ENDED': {},
      },
    },

    restoring: {
      description:
        'Taking the session from local data: the store, or tokens the app imported; no network.',
      initial: 'reading',
      on: {
        // The stored session is the one being left, whatever it turns out to be.
        SIGN_OUT: {
          target: 'anonymous',
          actions: [
            { type: 'emitSignedOut', params: { origin: 'this-tab' } },
            'discardWhateverStored',
          ],
        },
      },
      states: {
        reading: {
          invoke: {
            src: 'loadSession',
            onDone: [
              {
                // With a store of this tab's own, the other tabs may have moved on while it
                // was stopped (a sign-out, a new login): it asks them, and takes only what
                // came after the ending (notDemotingEndedMember).
                guard: and(['storeEndedMember', 'peersMayHoldSession']),
                target: '#session.failed',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  'emitMemberSessionEnded',
                  'recordMemberEnded',
                  'askPeers',
                ],
              },
              {
                // A member whose session ended stays ended across reloads: no request, and
                // no visitor in their place until the app asks for one.
                guard: 'storeEndedMember',
                target: '#session.failed',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  'emitMemberSessionEnded',
                  'recordMemberEnded',
                ],
              },
              {
                // Stopped during its sign-out: the session read is the one it signed out of
                // (its store not yet cleared, the other tabs not yet told). Resumed where a
                // sign-out goes: forget it under the lock, announce it, and mint.
                guard: 'loadedBeingDiscarded',
                target: '#session.anonymous',
                actions: 'emitWarnings',
              },
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
        awaitingLeadership: awaitingLeadership(),
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
              {
                guard: 'storeEndedMember',
                target: '#session.failed',
                actions: [
                  'emitWarnings',
                  'takeLoaded',
                  'emitMemberSessionEnded',
                  'recordMemberEnded',
                ],
              },
              {
                guard: 'discarding',
                target: 'forgetting',
                actions: ['emitWarnings', 'aimDiscardAtLoaded'],
              },
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
            // Only the session read under the lock: a login committed since must survive.
            input: ({ context }) => ({ sessionId: context.discarding?.sessionId ?? null }),
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
          // A signed-out session stays marked until a new one is held: a tab stopped through
          // the sign-out may announce it again when it starts, and must not bring it back.
          after: { peerReplyWindow: 'requesting' },
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
        awaitingLeadership: awaitingLeadership(),
        checkingStore: {
          description: 'Check again under the lock: another tab may have refreshed already.',
          invoke: {
            src: 'loadSession',
            onDone: [
              {
                // Another tab spent this member's refresh token and was refused.
                guard: 'storeEndedMember',
                target: '#session.failed',
                actions: ['emitWarnings', 'emitMemberSessionEnded', 'recordMemberEnded'],
              },
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
              { guard: 'memberGrantRejected', target: 'endingMember' },
              ...afterFailedRequest('#session.expiring.backingOff'),
            ],
          },
        },
        endingMember: {
          description:
            "Wix rejected the member's refresh token: the stored session is marked ended, so no tab or reload spends it again, and no visitor takes the member's place unasked.",
          invoke: {
            src: 'commitSession',
            input: ({ context }) => ({
              tokens: heldTokens(context),
              replaces: heldTokens(context).refreshToken,
              ends: true,
            }),
            onDone: {
              target: '#session.failed',
              actions: [
                'emitWarnings',
                'emitMemberSessionEnded',
                'announceMemberEnded',
                'recordMemberEnded',
              ],
            },
            onError: {
              target: '#session.failed',
              actions: ['emitMemberSessionEnded', 'announceMemberEnded', 'recordMemberEnded'],
            },
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
      description:
        "Unrecoverable error, or retries exhausted; the typed error is in context. A member's ended session (member_session_ended) is left only by a new login or signOut().",
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

/** Commit input for the tokens a request just produced (the event entering `committing`). */
function commitInput(replaces: string | null, event: SessionEvent): CommitRequest {
  return { tokens: (event as unknown as DoneActorEvent<TokenSet>).output, replaces }
}

/** Waiting for the one lock that lets this tab mint or refresh for the whole browser. */
function awaitingLeadership() {
  return sessionSetup.createStateConfig({
    entry: 'claimLeadership',
    on: { 'LEADERSHIP.GRANTED': 'checkingStore' },
  })
}

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
