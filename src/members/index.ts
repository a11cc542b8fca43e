/**
 * `headless-session/members`: members' login and logout on top of a session. A separate
 * entry point, so an app that does not import it ships none of it. Re-exports only.
 */
export {
  type Credentials,
  type CustomLogin,
  type CustomLoginOptions,
  DEFAULT_LOGIN_TIMEOUT_MS,
  type LoginOutcome,
  type Registration,
  type SilentLoginOutcome,
} from './custom-login.types'
export { createMemberAuth } from './member-auth'
export type {
  CompletedLogin,
  LoginOptions,
  MemberAuth,
  MemberAuthOptions,
} from './member-auth.types'
export { DEFAULT_MEMBER_REQUEST_TIMEOUT_MS } from './member-options'
export {
  DEFAULT_PENDING_LOGIN_LIFETIME_MS,
  type PendingLogin,
  type PendingLoginStore,
} from './pending-login'
