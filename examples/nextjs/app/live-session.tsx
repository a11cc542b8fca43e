'use client'
/**
 * The session in this tab, live: the browser's own session (on the cookie the server
 * wrote), read with `useSession()`. It hydrates with the snapshot the server rendered, so
 * the first render matches the server's HTML, then follows the session: a refresh, a login
 * or logout in another tab, a refresh the server made.
 */
import type { SessionSnapshot } from 'headless-session'
import { useSession } from 'headless-session/react'
import { useSyncExternalStore } from 'react'
import { browserSession } from '../lib/browser-session'
import type { BrowserWixConfig } from '../lib/wix-config'
import { SessionFacts } from './session-facts'

export function LiveSession({
  serverSnapshot,
  wix,
}: {
  serverSnapshot: SessionSnapshot
  wix: BrowserWixConfig
}) {
  const snapshot = useSession(browserSession(wix), { serverSnapshot })
  const hydrated = useHydrated()
  return (
    <section data-testid="live" data-hydrated={hydrated}>
      <h2>In this tab, live</h2>
      <SessionFacts snapshot={snapshot} name="live-session" />
      {snapshot.error ? <p data-testid="live-error">{snapshot.error.code}</p> : null}
      {snapshot.role === 'member' ? (
        <form method="post" action="/auth/logout">
          <button type="submit">Log out</button>
        </form>
      ) : (
        <a className="button" href="/auth/login">
          Log in
        </a>
      )}
    </section>
  )
}

const subscribeToNothing = () => () => {}

/** `false` on the server and while hydrating, `true` once this tab renders on its own. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  )
}
