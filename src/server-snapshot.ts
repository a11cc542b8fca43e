/**
 * Snapshots a server can render without a running session: the one of a session that has
 * not started, and the one of a session holding a request's tokens. They live in the main
 * entry, not in `headless-session/react`, because a React Server Component may not import
 * a module that imports React's client hooks (Next.js fails the build on the import alone).
 * ref: https://github.com/vercel/next.js/issues/49714
 */
import type { TokenSet } from '../machines/session.types'
import { SessionError } from './errors'
import type { SessionSnapshot } from './session-snapshot'

/**
 * The snapshot of a session that has not started: `idle`, no visitor, no error. One frozen
 * object, shared by every caller and every request, so nothing can write into it.
 *
 * @example
 * ```ts
 * const snapshot = session?.snapshot ?? IDLE_SNAPSHOT // what a page shows before it has a session
 * ```
 */
export const IDLE_SNAPSHOT: Readonly<SessionSnapshot> = Object.freeze({
  state: 'idle',
  detail: 'idle',
  running: false,
  sessionId: null,
  role: null,
  expiresAt: null,
  error: null,
  online: true,
})

/**
 * The snapshot a running session holding these tokens shows, built from what a server
 * knows of a request's session: its `sessionId`, `role` and `expiresAt`, never a token (the
 * tokens themselves are not copied, whatever else the object holds). A server component
 * renders with it and passes it to the client component, whose `useSession()` hydrates
 * with exactly the same values. No tokens (`null` or `undefined`) give `IDLE_SNAPSHOT`.
 *
 * Throws a `SessionError` (`invalid_tokens`) when the fields are missing or of the wrong
 * type; the message names the fields, never their values.
 *
 * @example
 * ```tsx
 * // app/page.tsx, a server component (`sessions` from createServerSessions())
 * import { snapshotOfTokens } from 'headless-session'
 *
 * const { tokens } = await sessions.fromRequest(request)
 * return <SessionBadge serverSnapshot={snapshotOfTokens(tokens)} />
 * ```
 */
export function snapshotOfTokens(
  tokens: Pick<TokenSet, 'sessionId' | 'role' | 'expiresAt'> | null | undefined,
): SessionSnapshot {
  if (tokens === null || tokens === undefined) return IDLE_SNAPSHOT
  const { sessionId, role, expiresAt } = tokens
  if (
    typeof sessionId !== 'string' ||
    sessionId === '' ||
    (role !== 'visitor' && role !== 'member') ||
    typeof expiresAt !== 'number' ||
    !Number.isFinite(expiresAt)
  ) {
    throw new SessionError(
      'invalid_tokens',
      'snapshotOfTokens(): expected tokens with a sessionId, a visitor or member role and expiresAt in epoch milliseconds',
    )
  }
  return {
    state: 'active',
    detail: 'active',
    running: true,
    sessionId,
    role,
    expiresAt,
    error: null,
    online: true,
  }
}
