/**
 * A Wix API called by the server with the request's access token: Wix answers for the
 * same visitor or member the page shows, so the server really uses the session.
 */
import { requestSession } from '../../lib/request-session'
import { whoAmI } from '../../lib/who-am-i'

export default async function AccountPage() {
  const current = await requestSession()
  if (current.ended) {
    return (
      <section className="notice" data-testid="member-ended">
        Your member session has ended. <a href="/auth/login">Log in again</a>
      </section>
    )
  }
  const answer = await whoAmI(current.session.accessToken)
  return (
    <section>
      <h2>Wix, asked by the server with this request's token</h2>
      <dl data-testid="wix-answer" data-status={answer.status}>
        <dt>HTTP status</dt>
        <dd data-field="status">{answer.status}</dd>
        <dt>Wix says</dt>
        <dd data-field="role">{answer.role ?? '—'}</dd>
        <dt>whose token</dt>
        <dd data-field="subject">{answer.subject?.slice(0, 8) ?? '—'}</dd>
        <dt>our session</dt>
        <dd data-field="session" data-role={current.session.role}>
          {current.session.tokens.sessionId.slice(0, 8)} ({current.session.role})
        </dd>
      </dl>
    </section>
  )
}
