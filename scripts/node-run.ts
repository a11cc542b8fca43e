/**
 * `npm run start:node`: a short run of a session in Node that
 * prints every state it passes through as it mints a visitor and refreshes its token, then
 * exits.
 *
 * Without WIX_CLIENT_ID it talks to the embedded mock Wix server, whose tokens live
 * 4 seconds so that refreshes happen while you watch. With WIX_CLIENT_ID set it talks to
 * Wix's real token endpoint (tokens live 4 hours there, so it refreshes on demand once).
 * No token is printed: sessions are named by their session ID.
 */
import { createSession, type SessionSnapshot } from '../src/index'
import { MOCK_CLIENT_ID, type MockWixServer, startMockWixServer } from '../src/testing/index'

const MOCK_TOKEN_LIFETIME_S = 4
const REFRESHES_TO_WATCH = 2

const realClientId = process.env.WIX_CLIENT_ID?.trim()
const server: MockWixServer | undefined = realClientId
  ? undefined
  : await startMockWixServer({ accessTokenLifetime: MOCK_TOKEN_LIFETIME_S })

const startedAt = Date.now()
const elapsed = () => `+${((Date.now() - startedAt) / 1000).toFixed(3)}s`.padEnd(9)

console.log(
  server
    ? `headless-session: a Node run against the embedded mock Wix server at ${server.url}\n` +
        `(tokens live ${MOCK_TOKEN_LIFETIME_S} s here; set WIX_CLIENT_ID to use Wix's real endpoint)\n`
    : `headless-session: a Node run against Wix's token endpoint for client ${realClientId}\n`,
)

const session = createSession({
  clientId: realClientId ?? MOCK_CLIENT_ID,
  ...(server ? { tokenUrl: server.tokenUrl } : {}),
})

let lastDetail = ''
session.subscribe((snapshot) => {
  if (snapshot.detail === lastDetail) return
  lastDetail = snapshot.detail
  console.log(`  ${elapsed()} ${snapshot.detail.padEnd(34)} ${describe(snapshot)}`)
})
session.on('tokensChanged', (event) => {
  console.log(`  ${elapsed()} (tokens ${event.reason})`)
})
session.on('tokenRequestFailed', ({ error, willRetry }) => {
  console.log(`  ${elapsed()} token request failed: ${error.code}${willRetry ? ', retrying' : ''}`)
})

try {
  session.start()
  await session.getAccessToken()
  if (server) {
    await refreshes(REFRESHES_TO_WATCH)
    const me = await session.fetch<{ visitorId: string }>(server.protectedUrl)
    console.log(
      `\n  session.fetch(${server.protectedUrl}) → 200, Wix visitor ${me.visitorId.slice(0, 8)}…`,
    )
  } else {
    await session.refresh()
  }
} catch (error) {
  console.error(`\n  the session failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  session.stop()
  if (server) {
    const counts = new Map<string, number>()
    for (const request of server.requests) {
      counts.set(request.grantType ?? '?', (counts.get(request.grantType ?? '?') ?? 0) + 1)
    }
    const summary = [...counts].map(([grant, count]) => `${grant} ×${count}`).join(', ')
    console.log(`\nstopped; token requests: ${summary}`)
    await server.close()
  } else {
    console.log('\nstopped')
  }
}

function describe(snapshot: SessionSnapshot): string {
  if (snapshot.error) return `error: ${snapshot.error.code}`
  if (!snapshot.sessionId || snapshot.expiresAt === null) return ''
  const left = ((snapshot.expiresAt - Date.now()) / 1000).toFixed(1)
  return `session ${snapshot.sessionId.slice(0, 8)}…, token valid ${left} s more`
}

function refreshes(count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0
    const off = session.on('tokensChanged', (event) => {
      if (event.reason !== 'refreshed') return
      seen += 1
      if (seen < count) return
      off()
      resolve()
    })
  })
}
