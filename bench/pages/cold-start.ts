/**
 * Cold start: the time from just before `createSession()` to the first access token, as
 * an app's first line of code would see it. Configured from the URL (clientId, tokenUrl).
 */
import { createSession, type SessionEventOf } from 'headless-session'

type TokensChangedReason = SessionEventOf<'tokensChanged'>['reason']

export interface ColdStart {
  /** `createSession()` to the first token, in milliseconds. */
  toFirstTokenMs: number
  /** Navigation start to the first token, in milliseconds (includes loading the page). */
  sinceNavigationMs: number
  /** How the session got its first tokens: `restored` from IndexedDB, or `minted`. */
  reason: TokensChangedReason | null
}

const params = new URL(location.href).searchParams
let reason: TokensChangedReason | null = null

const before = performance.now()
const session = createSession({
  clientId: params.get('clientId') ?? 'mock-client-id',
  ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
})
session.on('tokensChanged', (event) => {
  reason ??= event.reason
})
session
  .start()
  .getAccessToken()
  .then(() => {
    const now = performance.now()
    window.coldStart = { toFirstTokenMs: now - before, sinceNavigationMs: now, reason }
  })

declare global {
  interface Window {
    coldStart?: ColdStart
  }
}
