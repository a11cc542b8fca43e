/**
 * The custom-login test page: a session and its member auth, created as an app would (from
 * the built package), whose own form is `window.customLogin`. It records what an app could
 * see or log (outcomes, errors, the session's events, the inspector's events, console
 * lines) so a test can search all of it for secrets, and counts the page's iframes and
 * `message` listeners (`message-watch.ts`, installed before any login starts).
 *
 * URL parameters: clientId, tokenUrl, loginTimeout.
 */

import { createSession, isSessionError } from 'headless-session'
import { createMemberAuth, type LoginOutcome } from 'headless-session/members'
import stringify from 'safe-stable-stringify'
import { messageWatch } from './message-watch'

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; said: string }

const params = new URL(location.href).searchParams
const inspected: string[] = []
const session = createSession({
  clientId: params.get('clientId') ?? 'mock-client-id',
  tokenUrl: params.get('tokenUrl') ?? '',
  inspect: (event) => inspected.push(stringify(event) ?? ''),
}).start()
const members = createMemberAuth(session, {
  redirectUri: `${location.origin}/custom-login.html`,
  ...(params.has('loginTimeout') ? { loginTimeout: Number(params.get('loginTimeout')) } : {}),
})

const events: string[] = []
session.on('*', (event) => events.push(stringify(event) ?? ''))
const output = document.getElementById('state')
session.subscribe((snapshot) => {
  if (output) output.textContent = `${snapshot.state} ${snapshot.role ?? ''}`
})

/** Every way an app could show or log an error: its text, its JSON, its stack and causes. */
function everythingSaid(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const record = current as { cause?: unknown; body?: unknown; stack?: unknown }
    parts.push(String(current), stringify(current) ?? '', stringify(record.body ?? null) ?? '')
    parts.push(String(record.stack ?? ''))
    current = record.cause
  }
  return parts.join('\n')
}

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (error) {
    // An app's error reporter would log it: so does this page.
    console.error('login failed:', error)
    const said = everythingSaid(error)
    return isSessionError(error)
      ? { ok: false, code: error.code, message: error.message, said }
      : { ok: false, code: `thrown ${(error as Error)?.name}`, message: String(error), said }
  }
}

let verification: Extract<LoginOutcome, { status: 'email_verification_required' }> | null = null
/** The outcome as plain data; a verification step is kept for `verify(code)`. */
function keep(outcome: LoginOutcome) {
  verification = outcome.status === 'email_verification_required' ? outcome : null
  // An app may well log the outcome.
  console.info('login outcome:', stringify(outcome))
  return { status: outcome.status, json: JSON.stringify(outcome) }
}

let abort: AbortController | null = null
let finished: Outcome<unknown> | null = null
const startedAt = { login: 0, settled: 0 }

const customLogin = {
  login: (email: string, password: string, captchaToken?: string) =>
    settle(async () =>
      keep(
        await members.login({
          email,
          password,
          ...(captchaToken === undefined ? {} : { captchaToken }),
        }),
      ),
    ),
  register: (email: string, password: string, nickname?: string, captchaToken?: string) =>
    settle(async () =>
      keep(
        await members.register({
          email,
          password,
          ...(nickname === undefined ? {} : { profile: { nickname } }),
          ...(captchaToken === undefined ? {} : { captchaToken }),
        }),
      ),
    ),
  verify: (code: string) =>
    settle(async () => {
      if (!verification) throw new Error('no verification in progress')
      return keep(await verification.verify(code))
    }),
  sendPasswordReset: (email: string, redirectUrl: string) =>
    settle(() => members.sendPasswordReset(email, { redirectUrl })),
  silentLogin: () => settle(() => members.silentLogin()),
  /** Two silent logins at once, as two components asking on mount would. */
  silentLoginTwice: () => Promise.all([customLogin.silentLogin(), customLogin.silentLogin()]),
  /** Start a login (abortable) without waiting for it; `finished()` tells how it ended. */
  startLogin(email: string, password: string) {
    abort = new AbortController()
    finished = null
    startedAt.login = Date.now()
    void settle(async () =>
      keep(await members.login({ email, password, signal: abort?.signal as AbortSignal })),
    ).then((outcome) => {
      startedAt.settled = Date.now()
      finished = outcome
    })
    return true
  },
  abortLogin: () => abort?.abort(),
  finished: () =>
    finished ? { outcome: finished, ms: startedAt.settled - startedAt.login } : null,
  signOut: () => settle(() => session.signOut()),
  whoami: () =>
    settle(async () => {
      const token = await session.getAccessToken()
      const answer = await fetch(new URL('/v1/whoami', params.get('tokenUrl') ?? '').href, {
        headers: { authorization: token },
      })
      return (await answer.json()) as { visitorId?: string; role?: string }
    }),
  /** What the page recorded that an app could show, log or send to an inspector. */
  recorded: () => ({ events, inspected }),
  snapshot: () => ({ ...session.snapshot, error: session.snapshot.error?.code ?? null }),
  ...messageWatch,
}

declare global {
  interface Window {
    customLogin: typeof customLogin
  }
}
window.customLogin = customLogin
// The tab helpers of test/browser/support read `testPage.snapshot()`.
;(window as unknown as { testPage: typeof customLogin }).testPage = customLogin
