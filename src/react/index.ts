/**
 * `headless-session/react`: a session in React components through `useSyncExternalStore`,
 * with no provider, and a server snapshot so hydration matches what the server rendered.
 * React (18 or later) is an optional peer dependency: only this entry imports it. The
 * server-side helpers (`snapshotOfTokens`, `IDLE_SNAPSHOT`) are in the main entry, which
 * React Server Components may import.
 */
export { type BrowserSessionOptions, defineBrowserSession } from './browser-session'
export { type SessionSource, type UseSessionOptions, useSession } from './use-session'
