/**
 * The members test page: a session and its member auth, created as an app would (from the
 * built package). It is also its own login callback: Wix's mock sends the browser back to
 * `/members.html` with the code in the fragment, and the page completes the login on load.
 * Its configuration (from the URL of the first load) is kept in sessionStorage, because
 * the callback URL must be exactly the allow-listed one and carries none.
 */
import { createSession, isSessionError, type SessionEmitted } from 'headless-session'
import { createMemberAuth, type LoginOptions } from 'headless-session/members'

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

const params = new URL(location.href).searchParams
const saved = JSON.parse(sessionStorage.getItem('members-page') ?? '{}') as Record<string, string>
const config = {
  clientId: params.get('clientId') ?? saved.clientId ?? 'mock-client-id',
  tokenUrl: params.get('tokenUrl') ?? saved.tokenUrl ?? '',
}
sessionStorage.setItem('members-page', JSON.stringify(config))

const session = createSession(config).start()
const members = createMemberAuth(session, { redirectUri: `${location.origin}/members.html` })
const events: (SessionEmitted & { at: number })[] = []
session.on('*', (event) => events.push({ ...JSON.parse(JSON.stringify(event)), at: Date.now() }))
const output = document.getElementById('state')
session.subscribe((snapshot) => {
  if (output) output.textContent = `${snapshot.state} ${snapshot.role ?? ''}`
})

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (error) {
    return isSessionError(error)
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: 'thrown', message: String(error) }
  }
}

let completed: Outcome<{ returnTo: string }> | null = null
const isCallback = /[#&?](code|error|state)=/.test(location.href)

const membersPage = {
  loginUrl: (options?: LoginOptions) => settle(() => members.loginUrl(options)),
  logoutUrl: (postFlowUrl: string) => settle(() => members.logoutUrl({ postFlowUrl })),
  /** The outcome of completing the login this page was loaded with; `null` until done or if none. */
  completed: () => completed,
  isCallback: () => isCallback,
  snapshot: () => ({ ...session.snapshot, error: session.snapshot.error?.code ?? null }),
  tokenSet: () => settle(() => session.getTokens()),
  events: () => events,
}

declare global {
  interface Window {
    membersPage: typeof membersPage
  }
}
window.membersPage = membersPage
// The tab helpers of test/browser/support read `testPage.snapshot()`.
;(window as unknown as { testPage: typeof membersPage }).testPage = membersPage

if (isCallback) {
  settle(() => members.completeLogin()).then((outcome) => {
    completed = outcome
  })
}
