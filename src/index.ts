/**
 * headless-session: the whole life of a Wix Headless OAuth session, as an XState machine.
 * This module only re-exports; each export is documented where it is defined.
 */
export { sessionMachine } from '../machines/session.machine'
export { createTimingEffects, effectiveMargin, isFresh, isUsable } from '../machines/session.timing'
export type {
  RetryPolicy,
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionWarning,
  TokenFailure,
  TokenRole,
  TokenSet,
} from '../machines/session.types'
export { isSessionError, SessionError, type SessionErrorCode, type WixErrorBody } from './errors'
export { tokenFingerprint } from './fingerprint'
export { createLocalLockManager } from './locks/local-lock-manager'
export type { LockManagerLike } from './locks/lock-manager'
export {
  DEFAULT_REFRESH_MARGIN_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY,
  DEFAULT_TOKEN_URL,
  DEFAULT_WAIT_TIMEOUT_MS,
  type SessionOptions,
} from './options'
export { IDLE_SNAPSHOT, snapshotOfTokens } from './server-snapshot'
export {
  createSession,
  type ImportableTokens,
  type Session,
  type SessionEventOf,
  type WaitOptions,
} from './session'
export type { SessionSnapshot, SessionStateName } from './session-snapshot'
export { DEFAULT_COOKIE_NAME } from './storage/cookie-codec'
export {
  type CookieStoreOptions,
  createCookieStore,
  DEFAULT_COOKIE_MAX_AGE_SECONDS,
  DEFAULT_COOKIE_WATCH_INTERVAL_MS,
} from './storage/cookie-store'
export { createMemoryStore } from './storage/memory'
export { RECORD_VERSION, type SessionRecord, type SessionStore } from './storage/store'
