/**
 * The vocabulary of the mock Wix OAuth server: how it is configured, what it records and
 * which faults it can play. `mock-wix-server.ts` gives it behaviour; the member side's own
 * words are in `mock-members.types.ts`.
 */

import type { MockEndpoint, MockMemberControls, MockMemberOptions } from './mock-members.types'

/**
 * How a mock Wix server is set up. Every field is optional. The member side (test members,
 * allow-listed redirect URIs, auto-login…) is described in `MockMemberOptions`.
 *
 * @example
 * const server = await startMockWixServer({
 *   clientIds: ['my-client-id'],
 *   accessTokenLifetime: 60,
 *   rotateRefreshTokens: false,
 *   members: [{ email: 'ada@example.com', password: 'analytical' }],
 *   redirectUris: ['http://127.0.0.1:5173/callback'],
 * })
 */
export interface MockWixServerOptions extends MockMemberOptions {
  /** Client IDs the token and member endpoints accept. Default `[MOCK_CLIENT_ID]`. */
  clientIds?: string[]
  /** `expires_in` of new access tokens, in whole seconds. Default 14,400 (Wix's 4 hours). */
  accessTokenLifetime?: number
  /**
   * `true` (default): a refresh answers with a NEW refresh token and the spent one is
   * revoked, so a second use gets `invalid_grant`. `false`: a refresh answers with the same
   * refresh token again and it stays valid. Wix does not document which it does, so a
   * client must survive both.
   */
  rotateRefreshTokens?: boolean
  /**
   * Epoch ms clock deciding when access tokens, authorization codes, session tokens and
   * redirect sessions expire (default `Date.now`). Hand in a movable clock to expire them
   * without waiting. The request log's timestamps keep using the real wall clock.
   */
  now?: () => number
  /** Port to listen on at 127.0.0.1. Default 0: a free port picked by the OS. */
  port?: number
}

/**
 * The body of a successful token response, exactly as Wix sends it.
 *
 * @example
 * const tokens: MockTokenResponse = server.createMemberTokens()
 * tokens.access_token // 'OauthNG.JWS.…'
 * tokens.expires_in // 14400
 */
export interface MockTokenResponse {
  access_token: string
  token_type: 'Bearer'
  /** Seconds, relative to the time the response is received. */
  expires_in: number
  refresh_token: string
}

/**
 * Something to go wrong with upcoming token requests (`POST /oauth2/token`), or with
 * requests to a member-side endpoint when `endpoint` says so.
 *
 * A consumed fault is applied in this order: `delayMs` first; then `drop`, else `hang`,
 * else a response built from `status` / `rawBody` / `malformedJson` / `body` / `response`.
 * A fault with none of those (only `delayMs`, `headers` or `retryAfter`) lets the request
 * be handled normally after the delay, with its extra headers on the real answer.
 *
 * @example
 * // Throttle the next two refreshes, then answer normally again.
 * server.injectFault({ grantType: 'refresh_token', status: 429, retryAfter: 2 }, 2)
 * // An HTML error page from a proxy in front of Wix.
 * server.injectFault({ status: 502, rawBody: '<h1>Bad gateway</h1>', contentType: 'text/html' })
 * // A refresh that takes 200 ms, so two callers can overlap.
 * server.injectFault({ grantType: 'refresh_token', delayMs: 200 })
 * // The next custom login answers 503.
 * server.injectFault({ endpoint: 'login', status: 503 })
 */
export interface MockFault {
  /**
   * Which endpoint's requests consume the fault. Default `token`: token requests only,
   * so a fault without it never touches the member side.
   */
  endpoint?: MockEndpoint
  /**
   * Only token requests of this grant consume the fault. Default: any token request.
   * Only with `endpoint` `token` (or none).
   */
  grantType?: 'anonymous' | 'refresh_token' | 'authorization_code'
  /**
   * Wait this long before handling the request. If the client goes away meanwhile the
   * request is not processed at all: no tokens issued, no refresh token spent, outcome
   * `aborted`.
   */
  delayMs?: number
  /** Never answer, until the client goes away or the server closes (outcome `aborted`). */
  hang?: true
  /** Destroy the connection without sending anything (outcome `dropped`). */
  drop?: true
  /**
   * Answer with this HTTP status. Without `body` or `rawBody`, an error status gets a
   * Wix-style error body fitting the status (429 → `TOO_MANY_REQUESTS`, 503 → `UNAVAILABLE`…).
   * Default 200 when only `response` or `malformedJson` is given.
   */
  status?: number
  /** JSON body to send with `status`. */
  body?: unknown
  /** Body sent byte for byte instead of JSON, e.g. an HTML error page from a proxy. */
  rawBody?: string
  /** Content type of `rawBody`. Default `text/plain; charset=utf-8`. */
  contentType?: string
  /** Extra response headers. */
  headers?: Record<string, string>
  /** Sets `Retry-After` (seconds, or an HTTP date string). */
  retryAfter?: number | string
  /** A 200 with `Content-Type: application/json` whose body is truncated, invalid JSON. */
  malformedJson?: true
  /**
   * A 200 JSON body sent verbatim instead of real tokens, to exercise missing fields, fields
   * of the wrong type, or an `expires_in` of 0, negative or absurdly large. No tokens are
   * issued and no refresh token is spent.
   */
  response?: Record<string, unknown>
}

/**
 * What became of a request.
 * - `pending`: still being handled (or hung).
 * - `issued`: real tokens were issued (a refresh token may have been spent). On the member
 *   side: the endpoint did its job (a redirect session created, the form shown, a code
 *   delivered, logged out, a login state answered, a reset e-mail sent).
 * - `rejected`: the server answered with an error of its own (bad client, bad grant…). On
 *   the member side also: a wrong password on the form, or an OAuth error (`access_denied`,
 *   `login_required`…) sent back to the app.
 * - `fault`: an injected fault decided the answer; nothing was issued or spent.
 * - `dropped`: an injected `drop` closed the connection without an answer.
 * - `aborted`: the client went away (or the server closed) before anything was processed.
 *
 * @example
 * const spent = server.requests.filter((r) => r.outcome === 'issued')
 */
export type TokenRequestOutcome =
  | 'pending'
  | 'issued'
  | 'rejected'
  | 'fault'
  | 'dropped'
  | 'aborted'

/**
 * One request to the token endpoint, as the server saw it. Member-side requests carry the
 * same fields (see `MockRequestRecord`), so code written for token requests reads both.
 *
 * `startedAt` and `endedAt` are real wall-clock times, so overlapping intervals of two
 * records prove that two requests were in flight at the same time.
 *
 * @example
 * const refreshes = server.requests.filter((r) => r.grantType === 'refresh_token')
 * const [first, second] = refreshes
 * const overlapped = first.endedAt === null || second.startedAt < first.endedAt
 */
export interface TokenRequestRecord {
  /** 1, 2, 3… in arrival order; never reused, not even after `clearRequests()`. */
  id: number
  /**
   * As sent (`anonymous`, `refresh_token`, `authorization_code`, …); `null` when missing or
   * not a string, and on member-side requests.
   */
  grantType: string | null
  clientId: string | null
  /** The refresh token sent, if any. Nothing else secret is ever recorded. */
  refreshToken: string | null
  encoding: 'json' | 'form' | 'other'
  /** Which spelling of the known field names the body used. */
  fieldStyle: 'camelCase' | 'snake_case' | 'mixed' | 'none'
  /** `Date.now()` when the request arrived. */
  startedAt: number
  /** `Date.now()` when the response was fully sent or the client went away; `null` in flight. */
  endedAt: number | null
  outcome: TokenRequestOutcome
  /** HTTP status sent; `null` if none was sent. */
  status: number | null
  /**
   * The visitor the request concerned (new or refreshed), when known: for an
   * `authorization_code` grant the member's ID; on member-side endpoints the subject of the
   * access token that authorised the call (or, for the logout page, that made the session).
   */
  visitorId: string | null
  /** The injected fault this request consumed, if any. */
  fault: MockFault | null
}

/**
 * One record of the request log: a token request (no `endpoint`, exactly the fields of
 * `TokenRequestRecord` as before) or a request to a member-side endpoint, which says which
 * `endpoint` it was and adds `method`, `result`, `email` and `memberId`. On member-side
 * records `grantType` and `refreshToken` are `null` and `fieldStyle` is `none`. No
 * password, code, verifier, session token or access token is ever recorded.
 *
 * @example
 * const endpointOf = (record: MockRequestRecord) => record.endpoint ?? 'token'
 * const logins = server.requests.filter((r) => r.endpoint === 'login')
 * expect(logins.map((r) => r.result)).toEqual(['-19976', 'SUCCESS'])
 */
export interface MockRequestRecord extends TokenRequestRecord {
  /** The member-side endpoint; absent on token requests (whose records kept their shape). */
  endpoint?: Exclude<MockEndpoint, 'token'>
  /** The HTTP method (member-side records only). */
  method?: string
  /**
   * What the endpoint did, in one word (member-side records only): the state answered
   * (`SUCCESS`, `REQUIRE_EMAIL_VERIFICATION`, `REQUIRE_OWNER_APPROVAL`), the error's code
   * (`-19976`, `invalid_client`, `UNAUTHENTICATED`…, or `validationError`); for pages
   * `form`, `code`, `invalid_credentials`, `access_denied`, `login_required`,
   * `invalid_request`, `not_found`, `logged_out`; for redirect sessions `auth` or `logout`;
   * for recovery `sent` or `no_member`. `null` when a fault answered instead.
   */
  result?: string | null
  /** The login e-mail the request named, if any (member-side records only). */
  email?: string | null
  /** The member the request concerned, when known (member-side records only). */
  memberId?: string | null
}

/**
 * A running mock of the Wix OAuth endpoints, listening on 127.0.0.1, with the member side
 * (login and logout pages, redirect sessions, custom login) described in
 * `MockMemberControls`.
 *
 * @example
 * const server = await startMockWixServer()
 * const response = await fetch(server.tokenUrl, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }),
 * })
 * const { access_token } = await response.json()
 * await fetch(server.protectedUrl, { headers: { authorization: access_token } }) // 200
 * await server.close()
 */
export interface MockWixServer extends MockMemberControls {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string
  /** `${url}/oauth2/token` */
  tokenUrl: string
  /** `${url}/oauth2/token-info` */
  tokenInfoUrl: string
  /**
   * `${url}/v1/whoami`, standing in for any Wix API call. Any method. Send the RAW access
   * token in `Authorization` (no `Bearer ` prefix, as Wix expects). Answers 200
   * `{ visitorId, role: 'visitor' | 'member', clientId, expiresAt }` (`expiresAt` in epoch
   * ms by the server's `now` clock), or 401 for a missing, unknown, revoked, expired or
   * `Bearer `-prefixed token (`details.applicationError.data.reason` says which).
   */
  protectedUrl: string
  /** Snapshot of the token and member-side requests, in arrival order. */
  readonly requests: readonly MockRequestRecord[]
  /**
   * The next `times` (default 1, `Infinity` allowed) matching requests get `fault`: token
   * requests, or those of `fault.endpoint`.
   */
  injectFault(fault: MockFault, times?: number): void
  /** Forget every fault not yet consumed. */
  clearFaults(): void
  /** Empty the request log. Ids keep counting up. */
  clearRequests(): void
  /** `expires_in` of access tokens issued from now on, in whole seconds. */
  setAccessTokenLifetime(seconds: number): void
  /** The refresh token gets `invalid_grant` from now on. */
  revokeRefreshToken(refreshToken: string): void
  /** Every token of that visitor stops working: refresh, `/v1/whoami` and token-info. */
  revokeVisitor(visitorId: string): void
  /**
   * Tokens of a signed-in member (role `member`, a new member ID each time), as if issued
   * by an `authorization_code` grant. Refreshing them keeps the role. Throws for a client
   * ID the server does not know. To log a test member in for real, use the login page.
   */
  createMemberTokens(clientId?: string): MockTokenResponse & { visitorId: string }
  /** Stops listening and destroys every open connection. Idempotent. */
  close(): Promise<void>
}
