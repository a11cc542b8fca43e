/**
 * A session as the page shows it: role, a short session ID and the access token's expiry.
 * Never a token. Rendered the same way by the server and by the client component, and
 * formatted without the time zone or locale, so both render the same text.
 */
import type { SessionSnapshot } from 'headless-session'

export function SessionFacts({ snapshot, name }: { snapshot: SessionSnapshot; name: string }) {
  return (
    <dl data-testid={name} data-session-id={snapshot.sessionId ?? ''}>
      <dt>state</dt>
      <dd data-field="state">{snapshot.state}</dd>
      <dt>role</dt>
      <dd data-field="role">{snapshot.role ?? '—'}</dd>
      <dt>session</dt>
      <dd data-field="session">{snapshot.sessionId?.slice(0, 8) ?? '—'}</dd>
      <dt>token expires</dt>
      <dd data-field="expires" data-expires-at={snapshot.expiresAt ?? ''}>
        {snapshot.expiresAt === null
          ? '—'
          : `${new Date(snapshot.expiresAt).toISOString().slice(11, 19)} UTC`}
      </dd>
    </dl>
  )
}
