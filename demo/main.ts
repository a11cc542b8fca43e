/**
 * The live demo page: one session, as an app would create it, with the devtools panel
 * mounted open and buttons that make the interesting things happen. No token is ever
 * written to the page; fingerprints stand in for them.
 */
import {
  createSession,
  DEFAULT_TOKEN_URL,
  isSessionError,
  type SessionSnapshot,
  tokenFingerprint,
} from 'headless-session'
import { mountSessionDevtools } from 'headless-session/devtools'
import { createMemberAuth } from 'headless-session/members'
import { mountCustomLogin } from './custom-login'
import type { DemoConfig } from './demo-config'

declare const __DEMO_CONFIG__: DemoConfig
const config = __DEMO_CONFIG__

/** Wix's real endpoint cannot be told to fail, so in that mode the page fails a request itself. */
let failNextLocally = false
const fetchWithLocalFault: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  if (failNextLocally && url === DEFAULT_TOKEN_URL) {
    failNextLocally = false
    const body = JSON.stringify({ message: 'Service unavailable (simulated by the demo page)' })
    return new Response(body, { status: 503, headers: { 'content-type': 'application/json' } })
  }
  return fetch(input, init)
}

const session = createSession({
  clientId: config.clientId,
  ...(config.tokenUrl ? { tokenUrl: config.tokenUrl } : {}),
  ...(config.mockUrl ? {} : { fetch: fetchWithLocalFault }),
}).start()
mountSessionDevtools(session, { open: true })
// The page is its own login callback: Wix sends the member back here, the code in the fragment.
const members = createMemberAuth(session, { redirectUri: `${location.origin}/` })

const byId = (id: string) => document.getElementById(id) as HTMLElement
byId('mode').textContent = config.mockUrl
  ? `Against the mock Wix server at ${config.mockUrl}; its tokens live ${config.tokenLifetime} s, so a refresh comes due every ${Number(config.tokenLifetime) / 2} s.`
  : `Against Wix's real token endpoint with client ID ${config.clientId}; tokens live 4 hours, so press "Refresh now" to see a refresh.`
byId('tab-id').textContent = session.tabId.slice(0, 6)
if (config.member) {
  byId('test-member').textContent =
    `Test member: ${config.member.email} / ${config.member.password}`
}

const history: { state: string; since: number }[] = []
session.subscribe((snapshot) => {
  if (history.at(-1)?.state !== snapshot.state) {
    history.push({ state: snapshot.state, since: Date.now() })
    history.splice(0, history.length - 8)
  }
  render(snapshot)
})
session.on('tokensChanged', () => void showFingerprint())
setInterval(() => render(session.snapshot), 200)

function render(snapshot: SessionSnapshot) {
  const state = byId('state')
  state.textContent = snapshot.state
  state.dataset.state = snapshot.state
  byId('session-id').textContent = snapshot.sessionId?.slice(0, 8) ?? '—'
  byId('role').textContent = snapshot.role === 'member' ? 'Member' : 'Visitor'
  byId('role').dataset.role = snapshot.role ?? ''
  byId('expires').textContent =
    snapshot.expiresAt === null
      ? ''
      : `token valid ${Math.max(0, (snapshot.expiresAt - Date.now()) / 1000).toFixed(1)} s more`
  byId('history').textContent = history
    .map((entry, index) => {
      const next = history[index + 1]
      return next ? `${entry.state} ${duration(next.since - entry.since)}` : `${entry.state} (now)`
    })
    .join(' → ')
}

async function showFingerprint() {
  try {
    byId('fingerprint').textContent = tokenFingerprint(await session.getAccessToken())
  } catch {
    byId('fingerprint').textContent = 'no token'
  }
}

function duration(ms: number) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

function report(text: string) {
  const item = document.createElement('li')
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`
  byId('results').prepend(item)
}

function button(id: string, action: () => Promise<string>) {
  byId(id).addEventListener('click', () => {
    action().then(report, (error: unknown) =>
      report(isSessionError(error) ? `failed: ${error.code} (${error.message})` : String(error)),
    )
  })
}

button('refresh', async () => `refresh() → ${tokenFingerprint(await session.refresh())}`)
button('sign-out', async () => {
  await session.signOut()
  return `signOut() → new visitor ${session.snapshot.sessionId?.slice(0, 8)}`
})
button('fail-next', async () => {
  if (!config.mockUrl) {
    failNextLocally = true
    return 'armed: the next token request fails with 503 (in this page)'
  }
  const response = await fetch(`${config.mockUrl}/__mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: { status: 503 }, times: 1 }),
  })
  if (!response.ok) throw new Error(`the mock server said ${response.status}`)
  return 'armed: the mock server answers the next token request with 503; press "Refresh now"'
})
button('call-api', async () => {
  if (!config.mockUrl) return 'needs the mock server (its /v1/whoami stands in for a Wix API)'
  const me = await session.fetch<{ visitorId: string; role: string }>(`${config.mockUrl}/v1/whoami`)
  return `session.fetch(/v1/whoami) → 200, ${me.role} ${me.visitorId.slice(0, 8)}`
})
button('open-tab', async () => {
  window.open(location.href, '_blank')
  return 'opened another tab: it restores the same visitor'
})
button('log-in', async () => {
  location.assign(await members.loginUrl({ returnTo: location.pathname }))
  return "going to Wix's login page…"
})
button('log-out', async () => {
  location.assign(await members.logoutUrl({ postFlowUrl: `${location.origin}/` }))
  return "logged out here; going to Wix's logout page…"
})
mountCustomLogin(members, {
  after: byId('log-in').parentElement as HTMLElement,
  ...(config.member ? { email: config.member.email } : {}),
  report,
})

if (/[#&](code|error|state)=/.test(location.hash)) {
  members.completeLogin().then(
    ({ returnTo }) => {
      report('logged in: every open tab is now this member')
      if (returnTo !== location.pathname) location.replace(returnTo)
    },
    (error: unknown) =>
      report(
        isSessionError(error) ? `login refused: ${error.code} (${error.message})` : String(error),
      ),
  )
}
