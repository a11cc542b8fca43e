/**
 * The session of the request being rendered, for server components. The proxy
 * (`proxy.ts`) has already minted or refreshed it and forwarded the new cookie in the
 * request, so reading it here makes no token request and has nothing to write (server
 * components cannot set cookies anyway).
 */
import { type SessionSnapshot, snapshotOfTokens } from 'headless-session'
import type { ServerSession } from 'headless-session/server'
import { headers } from 'next/headers'
import { serverSessions } from './wix-server'

/** Set by the proxy (and only by it) when Wix refused a member's refresh token. */
export const SESSION_ENDED_HEADER = 'x-wix-member-session-ended'

export type RequestSession =
  | { ended: false; session: ServerSession; snapshot: SessionSnapshot }
  | { ended: true }

export async function requestSession(): Promise<RequestSession> {
  const requestHeaders = await headers()
  if (requestHeaders.get(SESSION_ENDED_HEADER) !== null) return { ended: true }
  const session = await serverSessions().fromRequest({ headers: requestHeaders })
  // A snapshot carries the session ID, role and expiry, never a token: safe to serialise.
  return { ended: false, session, snapshot: snapshotOfTokens(session.tokens) }
}
