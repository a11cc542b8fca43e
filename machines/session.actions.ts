/**
 * The machine's named actions that do not read the clock (those are in
 * `session.timing.ts`): what the session remembers (`assign`), what it tells the app
 * (`emit`) and what it tells its child actors (`sendTo`). The chart in
 * `session.machine.ts` names them.
 */
import { type AnyActorRef, assign, type DoneActorEvent, emit, enqueueActions, sendTo } from 'xstate'
import type {
  CommitResult,
  LoadResult,
  RefreshLockCommand,
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionWarning,
  TabSyncCommand,
  TokenSet,
  TokensChangedReason,
} from './session.types'
import { asFailure } from './token-failure'
import { generationOf } from './token-order'

/** An `assign` with the session's types, no params and no child actors. */
const assignContext = assign<SessionContext, SessionEvent, undefined, SessionEvent, never>

/** A `sendTo` a child actor (by id) with the session's types. */
function tell<TCommand extends { type: string }>(
  child: 'tabSync' | 'refreshLock',
  command: TCommand | ((args: { context: SessionContext }) => TCommand),
) {
  return sendTo<SessionContext, SessionEvent, undefined, AnyActorRef, SessionEvent>(child, command)
}

/** An `emit` action whose payload depends on the action's params. */
function emitWithParams<TParams extends Record<string, unknown>>(
  build: (context: SessionContext, params: TParams) => SessionEmitted,
) {
  return emit<SessionContext, SessionEvent, TParams, SessionEvent, SessionEmitted>(
    ({ context }, params) => build(context, params),
  )
}

/** The session's generation high-water mark once it has seen `tokens`. */
function highestGeneration(context: SessionContext, tokens: TokenSet | null): number {
  return tokens === null ? context.generation : Math.max(context.generation, generationOf(tokens))
}

/** How many left sessions a tab remembers (`SessionContext.left`). */
const MAX_LEFT_SESSIONS = 8

/** The sessions this tab has left once it holds `next` instead of what it holds now. */
function leftFor(context: SessionContext, next: TokenSet | null): readonly string[] {
  const held = context.tokens?.sessionId
  const kept = context.left.filter((id) => id !== held && id !== next?.sessionId)
  if (held === undefined || held === next?.sessionId) return kept
  return [held, ...kept].slice(0, MAX_LEFT_SESSIONS)
}

export function heldTokens(context: SessionContext): TokenSet {
  if (context.tokens === null) throw new Error('headless-session: no tokens held in this state')
  return context.tokens
}

const loadedTokens = (event: SessionEvent) =>
  (event as unknown as DoneActorEvent<LoadResult>).output.tokens
const committedTokens = (event: SessionEvent) =>
  (event as unknown as DoneActorEvent<CommitResult>).output.tokens

export const sessionActions = {
  takeLoaded: assignContext({
    left: ({ context, event }) => leftFor(context, loadedTokens(event)),
    tokens: ({ event }) => loadedTokens(event),
    generation: ({ context, event }) => highestGeneration(context, loadedTokens(event)),
    notBefore: 0,
  }),
  takeCommitted: assignContext({
    left: ({ context, event }) => leftFor(context, committedTokens(event)),
    tokens: ({ event }) => committedTokens(event),
    generation: ({ context, event }) => highestGeneration(context, committedTokens(event)),
    // A session committed (or found committed) replaces the one being signed out.
    discarding: null,
    error: null,
    attempt: 0,
    notBefore: 0,
  }),
  adoptAnnounced: assignContext({
    left: ({ context, event }) =>
      event.type === 'SYNC.SESSION' ? leftFor(context, event.tokens) : context.left,
    tokens: ({ context, event }) => (event.type === 'SYNC.SESSION' ? event.tokens : context.tokens),
    generation: ({ context, event }) =>
      highestGeneration(context, event.type === 'SYNC.SESSION' ? event.tokens : null),
    // Another visitor took over: the one being forgotten was replaced in every store.
    discarding: null,
    error: null,
    attempt: 0,
    notBefore: 0,
  }),
  recordFailure: assignContext({
    error: ({ event }) => asFailure((event as { error?: unknown }).error),
    attempt: ({ context }) => context.attempt + 1,
  }),
  // A backoff (`notBefore`) outlives this: only a success (commit or adoption) clears it.
  resetFailures: assignContext({ error: null, attempt: 0 }),
  /**
   * Drop the held session and remember to forget its stored copy before minting. Holding
   * none (a member's session ended, say), the tab signs out of the last one it held.
   */
  discardTokens: assignContext({
    discarding: ({ context }) => ({
      sessionId: context.tokens?.sessionId ?? context.left[0] ?? null,
    }),
    left: ({ context }) => leftFor(context, null),
    tokens: null,
  }),
  endDiscard: assignContext({ discarding: null }),
  /** Signed out before the restore finished: forget whatever the store holds. */
  discardWhateverStored: assignContext({
    discarding: ({ context }) => ({
      sessionId: context.tokens?.sessionId ?? null,
      whatever: true as const,
    }),
    left: ({ context }) => leftFor(context, null),
    tokens: null,
  }),
  /**
   * What a sign-out before the restore finished forgets: the session read under the lock,
   * and nothing committed after that read.
   */
  aimDiscardAtLoaded: assignContext({
    discarding: ({ context, event }) =>
      context.discarding?.whatever
        ? { sessionId: loadedTokens(event)?.sessionId ?? null }
        : context.discarding,
  }),
  forgetTokens: assignContext({ left: ({ context }) => leftFor(context, null), tokens: null }),
  /** The member's session ended: its tokens are dropped and the ending is the session's error. */
  recordMemberEnded: assignContext({
    left: ({ context }) => leftFor(context, null),
    tokens: null,
    error: { code: 'member_session_ended', retryable: false },
    attempt: 0,
  }),
  markOnline: assignContext({ online: true }),
  markOffline: assignContext({ online: false }),
  claimLeadership: tell<RefreshLockCommand>('refreshLock', { type: 'CLAIM' }),
  releaseLeadership: tell<RefreshLockCommand>('refreshLock', { type: 'RELEASE' }),
  announceTokens: tell<TabSyncCommand>('tabSync', ({ context }) => ({
    type: 'ANNOUNCE_SESSION',
    tokens: heldTokens(context),
  })),
  announceSignOut: tell<TabSyncCommand>('tabSync', ({ context }) => ({
    type: 'ANNOUNCE_SIGN_OUT',
    sessionId: context.discarding?.sessionId ?? '',
  })),
  announceMemberEnded: tell<TabSyncCommand>('tabSync', ({ context }) => ({
    type: 'ANNOUNCE_MEMBER_ENDED',
    sessionId: heldTokens(context).sessionId,
  })),
  askPeers: tell<TabSyncCommand>('tabSync', { type: 'ASK_PEERS' }),
  announceBackoff: tell<TabSyncCommand>('tabSync', ({ context }) => ({
    type: 'ANNOUNCE_BACKOFF',
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
  emitVisitorReplaced: emit<SessionContext, SessionEvent, undefined, SessionEvent, SessionEmitted>(
    ({ context }) => ({
      type: 'visitorReplaced' as const,
      previousSessionId: heldTokens(context).sessionId,
      reason: 'invalid_grant' as const,
    }),
  ),
  emitMemberSessionEnded: emit<
    SessionContext,
    SessionEvent,
    undefined,
    SessionEvent,
    SessionEmitted
  >(({ context }) => ({
    type: 'memberSessionEnded' as const,
    sessionId: heldTokens(context).sessionId,
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
}
