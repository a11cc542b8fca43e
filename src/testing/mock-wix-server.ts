import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FaultQueue } from './fault-queue'
import { createMemberContext, type MemberContext, prepareMembers } from './member-context'
import type { MockMemberControls } from './mock-members.types'
import type { MockWixServer, MockWixServerOptions } from './mock-wix-server.types'
import { RequestLog } from './request-log'
import { failRequest, type RouterContext, route } from './router'
import { TokenRegistry } from './token-registry'

/**
 * The client ID a mock server accepts unless told otherwise.
 *
 * @example
 * const body = JSON.stringify({ clientId: MOCK_CLIENT_ID, grantType: 'anonymous' })
 */
export const MOCK_CLIENT_ID = 'mock-client-id'

/**
 * Lifetime of a Wix access token in seconds (4 hours), the mock's default `expires_in`.
 *
 * @example
 * expect(tokens.expires_in).toBe(WIX_ACCESS_TOKEN_LIFETIME)
 */
export const WIX_ACCESS_TOKEN_LIFETIME = 14_400

/**
 * Starts a local server that speaks the Wix Headless OAuth protocol (`/oauth2/token`,
 * `/oauth2/token-info`), with a protected `/v1/whoami` endpoint, a request log and fault
 * injection. It listens on 127.0.0.1 only.
 *
 * It also plays the member side, so `@wix/sdk` (unchanged) can log members in and out:
 * redirect sessions (`POST /_api/redirects-api/v1/redirect-session`) whose `fullUrl` is a
 * real login form (`/__wix/login`) or logout page (`/__wix/logout`) of the mock's own, the
 * `authorization_code` grant with PKCE, and custom login (`/_api/iam/authentication/v2/login`
 * and `register`, `/_api/iam/verification/v1/auth/verify`, `/_api/iam/recovery/v1/send-email`)
 * over the test members of `options.members`.
 *
 * Pages that cannot call this JS API (browser tests, a live demo) drive the same controls
 * over HTTP, CORS-enabled and never logged: `GET /__mock/requests` (the log),
 * `GET /__mock/emails` (e-mails sent to members), `POST /__mock/faults` `{ fault, times? }`,
 * `POST /__mock/clear` (faults and log), `POST /__mock/revoke` `{ refreshToken }` or
 * `{ visitorId }`, `POST /__mock/config` `{ accessTokenLifetime }` and
 * `POST /__mock/auto-login` `{ email }` (`null` turns it off). Each POST answers
 * `{ ok: true }` or a 400.
 *
 * @example
 * const server = await startMockWixServer({ accessTokenLifetime: 60 })
 * server.injectFault({ grantType: 'refresh_token', status: 503, retryAfter: 1 })
 * // … point the session at server.tokenUrl and exercise it …
 * expect(server.requests.map((r) => r.outcome)).toEqual(['issued', 'fault', 'issued'])
 * await server.close()
 *
 * @example
 * // A member logs in through the login page, which redirects back at once.
 * const server = await startMockWixServer({
 *   members: [{ email: 'ada@example.com', password: 'analytical' }],
 *   redirectUris: ['http://127.0.0.1:5173/callback'],
 *   autoLogin: 'ada@example.com',
 * })
 * const { authUrl } = await wix.auth.getAuthUrl(oauthData) // @wix/sdk, routed to server.url
 * const back = await fetch(authUrl, { redirect: 'manual' })
 * const { code, state } = wix.auth.parseFromUrl(back.headers.get('location'))
 * const tokens = await wix.auth.getMemberTokens(code, state, oauthData) // role 'member'
 */
export async function startMockWixServer(
  options: MockWixServerOptions = {},
): Promise<MockWixServer> {
  const clientIds = options.clientIds ?? [MOCK_CLIENT_ID]
  const now = options.now ?? Date.now
  const registry = new TokenRegistry({
    now,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    accessTokenLifetime: checkedLifetime(options.accessTokenLifetime ?? WIX_ACCESS_TOKEN_LIFETIME),
  })
  const prepared = prepareMembers(options)
  const faults = new FaultQueue()
  const log = new RequestLog()
  const httpServer = createServer()
  const url = await listen(httpServer, options.port ?? 0)
  const clientIdSet = new Set(clientIds)
  const members = createMemberContext(prepared, { registry, clientIds: clientIdSet, now }, url)
  let closing: Promise<void> | undefined

  const server: MockWixServer = {
    ...memberControls(members),
    url,
    tokenUrl: `${url}/oauth2/token`,
    tokenInfoUrl: `${url}/oauth2/token-info`,
    protectedUrl: `${url}/v1/whoami`,
    get requests() {
      return log.snapshot()
    },
    get emails() {
      return members.outbox.snapshot()
    },
    injectFault: (fault, times) => faults.inject(fault, times),
    clearFaults: () => faults.clear(),
    clearRequests: () => log.clear(),
    setAccessTokenLifetime: (seconds) => {
      registry.accessTokenLifetime = checkedLifetime(seconds)
    },
    revokeRefreshToken: (refreshToken) => registry.revokeRefreshToken(refreshToken),
    revokeVisitor: (visitorId) => registry.revokeVisitor(visitorId),
    createMemberTokens: (clientId = clientIds[0] ?? MOCK_CLIENT_ID) => {
      if (!clientIds.includes(clientId)) {
        throw new Error(`createMemberTokens: unknown client ID "${clientId}"`)
      }
      const { tokens, subject } = registry.mintSession(clientId, 'member')
      return { ...tokens, visitorId: subject.visitorId }
    },
    close: () => {
      closing ??= closeServer(httpServer)
      log.abortPending()
      return closing
    },
  }

  const context: RouterContext = {
    registry,
    clientIds: clientIdSet,
    codes: members.codes,
    members,
    faults,
    log,
    server,
    siteId: randomUUID(),
    instanceId: randomUUID(),
  }
  httpServer.on('request', (req, res) => {
    route(req, res, context).catch((error: unknown) => failRequest(res, error))
  })
  return server
}

// No getters here: the server object spreads these, and a spread getter would freeze.
function memberControls(context: MemberContext): Omit<MockMemberControls, 'emails'> {
  const { members, outbox, settings } = context
  return {
    redirectSessionUrl: `${context.baseUrl}/_api/redirects-api/v1/redirect-session`,
    verificationCode: (email) => outbox.latestCode(email),
    memberId: (email) => members.find(email)?.id ?? null,
    addMember: (member) => members.add(member).id,
    approveMember: (email) => {
      members.require(email).needsOwnerApproval = false
    },
    setAutoLogin: (email) => {
      if (email !== null) members.require(email)
      settings.autoLogin = email
    },
  }
}

// `expires_in` is whole seconds on the wire, and a negative lifetime is never what a test means.
function checkedLifetime(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new RangeError(`accessTokenLifetime must be a non-negative integer, got ${seconds}`)
  }
  return seconds
}

function listen(httpServer: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(port, '127.0.0.1', () => {
      httpServer.off('error', reject)
      const address = httpServer.address() as AddressInfo
      resolve(`http://127.0.0.1:${address.port}`)
    })
  })
}

function closeServer(httpServer: Server): Promise<void> {
  return new Promise((resolve) => {
    httpServer.close(() => resolve())
    // Hung requests and idle keep-alive sockets would otherwise hold `close()` open until
    // their timeouts, and keep the test process alive.
    httpServer.closeAllConnections()
  })
}
