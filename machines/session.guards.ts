/**
 * The machine's named guards that do not read the clock (those are in
 * `session.timing.ts`). Each answers one question about the context and the event that
 * is being handled; the chart in `session.machine.ts` names them.
 */
import type { DoneActorEvent } from 'xstate'
import type {
  CommitResult,
  LoadResult,
  SessionContext,
  SessionEvent,
  TokenSet,
} from './session.types'
import { asFailure } from './token-failure'
import { generationOf } from './token-order'

type GuardArgs = { context: SessionContext; event: SessionEvent }

/** What the persistence actor reported, read off the `done` event being handled. */
function loaded(event: SessionEvent): LoadResult {
  return (event as unknown as DoneActorEvent<LoadResult>).output
}

function failureOf(event: SessionEvent) {
  return asFailure((event as { error?: unknown }).error)
}

export const sessionGuards = {
  loadedTokens: ({ event }: GuardArgs) => loaded(event).tokens !== null,
  /** The store holds tokens other than ours: another tab refreshed or replaced them. */
  storeMovedOn: ({ context, event }: GuardArgs) => {
    const stored = loaded(event).tokens
    return stored !== null && stored.refreshToken !== context.tokens?.refreshToken
  },
  /** The store was read and is empty: the session was signed out elsewhere. */
  storeForgotten: ({ event }: GuardArgs) => {
    const { readable, tokens } = loaded(event)
    return readable && tokens === null
  },
  /** The store holds a session this tab is not discarding: another tab minted, or a restore. */
  storeHasKeeper: ({ context, event }: GuardArgs) => {
    const { tokens: stored, endedMember } = loaded(event)
    if (stored === null || endedMember) return false
    if (context.discarding === null) return true
    if (context.discarding.whatever) return false
    return stored.sessionId !== context.discarding.sessionId
  },
  /**
   * The store says the member this tab holds (or, holding nothing, finds) has ended: only
   * a new login or `signOut()` replaces that session.
   */
  storeEndedMember: ({ context, event }: GuardArgs) => {
    const { tokens, endedMember } = loaded(event)
    return (
      tokens !== null &&
      endedMember === true &&
      context.discarding === null &&
      (context.tokens === null || context.tokens.refreshToken === tokens.refreshToken)
    )
  },
  discarding: ({ context }: GuardArgs) => context.discarding !== null,
  /**
   * The session read is one this tab was signing out of when it was stopped (its sign-out
   * carried over the restart, `SessionMachineInput.seen`).
   */
  loadedBeingDiscarded: ({ context, event }: GuardArgs) => {
    const stored = loaded(event).tokens
    const discarding = context.discarding
    if (stored === null || discarding === null) return false
    return discarding.whatever === true || stored.sessionId === discarding.sessionId
  },
  committed: ({ event }: GuardArgs) =>
    (event as unknown as DoneActorEvent<CommitResult>).output.outcome === 'committed',
  commitLeftTokens: ({ event }: GuardArgs) =>
    (event as unknown as DoneActorEvent<CommitResult>).output.tokens !== null,
  retryable: ({ event }: GuardArgs) => failureOf(event).retryable,
  /** A visitor's refresh token was rejected: the visitor is gone and a new one is minted. */
  visitorGrantRejected: ({ context, event }: GuardArgs) =>
    failureOf(event).code === 'invalid_grant' && context.tokens?.role !== 'member',
  /** A member's refresh token was rejected: the session ended; no visitor takes its place unasked. */
  memberGrantRejected: ({ context, event }: GuardArgs) =>
    failureOf(event).code === 'invalid_grant' && context.tokens?.role === 'member',
  online: ({ context }: GuardArgs) => context.online,
  failedTransiently: ({ context }: GuardArgs) => context.error?.retryable === true,
  isCurrentSession: ({ context, event }: GuardArgs) =>
    (event.type === 'SYNC.SIGNED_OUT' || event.type === 'SYNC.MEMBER_ENDED') &&
    event.sessionId === context.tokens?.sessionId,
  /** Announced tokens are not of the session this tab is forgetting (a refresh that raced its sign-out). */
  notBeingDiscarded: ({ context, event }: GuardArgs) =>
    event.type !== 'SYNC.SESSION' || !beingDiscarded(context, event.tokens),
  /** Announced tokens are not of a session this tab has left (see `SessionContext.left`). */
  notLeftBehind: ({ context, event }: GuardArgs) =>
    event.type !== 'SYNC.SESSION' || !leftBehind(context, event.tokens),
  /** See `demotesEndedMember`. */
  notDemotingEndedMember: ({ context, event }: GuardArgs) =>
    event.type !== 'SYNC.SESSION' || !demotesEndedMember(context, event.tokens),
  /**
   * The store is this tab's alone, so its emptiness says nothing about the other tabs:
   * one of them may hold a visitor this tab should join rather than mint another.
   */
  peersMayHoldSession: ({ context, event }: GuardArgs) =>
    context.peerReplyWindow > 0 &&
    (event as unknown as DoneActorEvent<{ shared?: boolean }>).output.shared === false,
  holdsTokens: ({ context }: GuardArgs) => context.tokens !== null,
}

const beingDiscarded = (context: SessionContext, tokens: TokenSet) =>
  context.discarding?.sessionId != null && tokens.sessionId === context.discarding.sessionId

const leftBehind = (context: SessionContext, tokens: TokenSet) =>
  context.left.includes(tokens.sessionId)

/**
 * A tab whose member's session ended takes another tab's visitor only if it came after
 * everything this tab has seen (one minted after a sign-out elsewhere), never the visitor
 * of a tab that had not heard of the member: that would quietly make the member a visitor.
 * A member's tokens (a new login) are always taken.
 */
const demotesEndedMember = (context: SessionContext, tokens: TokenSet) =>
  context.error?.code === 'member_session_ended' &&
  tokens.role !== 'member' &&
  generationOf(tokens) <= context.generation

/**
 * Whether this tab refuses announced `tokens` whatever their order: a session it is signing
 * out of, one it has left, or a visitor that would quietly replace its ended member. A
 * store of the tab's own must refuse to keep them too, or its next read would bring them in.
 *
 * @example
 * ```ts
 * if (refusesAnnounced(actor.getSnapshot().context, announced)) return false
 * ```
 */
export function refusesAnnounced(context: SessionContext, tokens: TokenSet): boolean {
  return (
    beingDiscarded(context, tokens) ||
    leftBehind(context, tokens) ||
    demotesEndedMember(context, tokens)
  )
}
