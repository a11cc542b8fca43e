/**
 * headless-session/server: sessions carried by a cookie, for any runtime with Web
 * `Request`/`Response` (Next.js middleware and route handlers, Astro, SvelteKit, React
 * Router, Hono, Node through an adapter). Re-exports only; see docs/server.md.
 */
export { requestCookieHeader, type ServerRequest } from './cookies'
export { isServerSessionError, ServerSessionError } from './errors'
export {
  createServerMemberAuth,
  type ServerLoginOptions,
  type ServerMemberAuth,
  type ServerMemberAuthOptions,
} from './members'
export {
  MAX_SHARED_REFRESHES,
  SERVER_REFRESH_MARGIN_MS,
  type ServerCookieOptions,
  type ServerSessionsOptions,
  SPENT_TOKEN_WINDOW_MS,
} from './options'
export { createServerSessions } from './server-sessions'
export type {
  CookieWriteOptions,
  FromRequestOptions,
  ServerSession,
  ServerSessions,
} from './types'
