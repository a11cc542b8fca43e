/**
 * The actors the machine invokes, as empty slots: the chart names them, and
 * `createSession()` fills each with the effect that does the work (`src/actors/`). A slot
 * left unfilled fails loudly instead of doing nothing.
 */
import { fromCallback, fromPromise, type NonReducibleUnknown } from 'xstate'
import type {
  ClearRequest,
  ClearResult,
  CommitRequest,
  CommitResult,
  LoadResult,
  RefreshLockCommand,
  TabSyncCommand,
  TokenRequest,
  TokenSet,
} from './session.types'

function unprovided(name: string): never {
  throw new Error(`headless-session: the "${name}" actor must be provided (use createSession())`)
}

function promiseSlot<TOutput, TInput = NonReducibleUnknown>(name: string) {
  return fromPromise<TOutput, TInput>(async () => unprovided(name))
}

function callbackSlot<TReceived extends { type: string }>(name: string) {
  return fromCallback<TReceived>(() => unprovided(name))
}

export const sessionActorSlots = {
  /** Reads and validates the stored session; never rejects (problems become warnings). */
  loadSession: promiseSlot<LoadResult>('loadSession'),
  /** One token request (`anonymous` or `refresh_token`); rejects with a TokenFailure. */
  requestTokens: promiseSlot<TokenSet, TokenRequest>('requestTokens'),
  /** Writes tokens unless the store moved on from the refresh token they replace. */
  commitSession: promiseSlot<CommitResult, CommitRequest>('commitSession'),
  /** Deletes the stored session if it is the one signed out (compare-and-delete). */
  clearSession: promiseSlot<ClearResult, ClearRequest>('clearSession'),
  /** Talks to the other tabs: announces commits, feeds theirs back as `SYNC.*` events. */
  tabSync: callbackSlot<TabSyncCommand>('tabSync'),
  /** Page lifecycle and connectivity as `CHECK`, `ONLINE` and `OFFLINE` events. */
  environment: callbackSlot<{ type: string }>('environment'),
  /** Leadership for minting and refreshing: `CLAIM`/`RELEASE` in, `LEADERSHIP.*` out. */
  refreshLock: callbackSlot<RefreshLockCommand>('refreshLock'),
}
