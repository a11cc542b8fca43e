/**
 * The session page: what the server rendered with (from the request's cookie), and the
 * same session live in the browser. Both show one visitor: the server minted it on the
 * first visit and the browser took it from the cookie without a token request.
 */
import { IDLE_SNAPSHOT } from 'headless-session'
import { requestSession } from '../lib/request-session'
import { browserWixConfig } from '../lib/wix-config'
import { LiveSession } from './live-session'
import { SessionFacts } from './session-facts'

export default async function SessionPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const current = await requestSession()
  const { login_error: loginError, logout_error: logoutError } = await searchParams
  const problem = [loginError, logoutError].find((code) => typeof code === 'string')
  return (
    <>
      {problem ? (
        <section className="notice" data-testid="auth-error">
          The login or logout did not complete: {problem}
        </section>
      ) : null}
      {current.ended ? (
        <section className="notice" data-testid="member-ended">
          <h2>Your member session has ended</h2>
          <p>Wix no longer accepts it (you may have logged out elsewhere).</p>
          <a className="button" href="/auth/login">
            Log in again
          </a>{' '}
          <form method="post" action="/auth/logout">
            <button type="submit">Continue as a visitor</button>
          </form>
        </section>
      ) : (
        <section>
          <h2>Rendered on the server</h2>
          <SessionFacts snapshot={current.snapshot} name="server-session" />
        </section>
      )}
      <LiveSession
        serverSnapshot={current.ended ? IDLE_SNAPSHOT : current.snapshot}
        wix={browserWixConfig()}
      />
    </>
  )
}
