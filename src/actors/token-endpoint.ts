/**
 * The token endpoint: one grant per call (`anonymous` and `refresh_token` for the machine,
 * `authorization_code` for a member's login), through the platform's fetch, bounded by a
 * timeout and by the caller's AbortSignal, answering with a whole TokenSet or a typed
 * SessionError. Retrying is not done here: the machine owns that policy.
 */
import { fromPromise } from 'xstate'
import type { TokenRequest, TokenSet } from '../../machines/session.types'
import { bornAfter, generationOf } from '../../machines/token-order'
import { SessionError } from '../errors'
import { randomId } from '../random-id'
import { withDeadline } from '../request-deadline'
import { errorForStatus, parseTokenBody, type ResponseContext } from '../token-response'

/** How the request body is encoded. Wix accepts both; JSON is what `@wix/sdk` sends. */
export type TokenRequestEncoding = 'json' | 'form'

export interface TokenEndpointOptions {
  clientId: string
  tokenUrl: string
  encoding: TokenRequestEncoding
  /** Milliseconds before an unanswered request is abandoned as `timeout`. */
  requestTimeout: number
  /** The fetch to send with; read at call time so a late polyfill is used. */
  fetch?: typeof globalThis.fetch
  now: () => number
  /** Names a new session; default `randomId`. */
  createSessionId?: () => string
}

/** A member's login, exchanged for tokens: the code Wix sent back and the PKCE verifier. */
export interface CodeExchange {
  grant: 'authorization_code'
  code: string
  codeVerifier: string
  /** The `redirectUri` the login was started with; none for a `web_message` login. */
  redirectUri?: string
}

/** Any grant the endpoint sends. */
export type EndpointRequest = TokenRequest | CodeExchange

/** Sends one token request. */
export type TokenEndpoint = (request: EndpointRequest, signal?: AbortSignal) => Promise<TokenSet>

/**
 * Create the function that talks to Wix's token endpoint.
 *
 * @example
 * ```ts
 * const requestTokens = createTokenEndpoint({
 *   clientId: 'my-client-id',
 *   tokenUrl: 'https://www.wixapis.com/oauth2/token',
 *   encoding: 'json',
 *   requestTimeout: 10_000,
 *   now: Date.now,
 * })
 * const tokens = await requestTokens({ grant: 'anonymous' })
 * ```
 */
export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  return async (request, signal) => {
    // What the request carries that no error may quote (a server may also echo the
    // access token a refresh token belongs to).
    const secrets =
      request.grant === 'refresh_token'
        ? [request.tokens.refreshToken, request.tokens.accessToken]
        : request.grant === 'authorization_code'
          ? [request.code, request.codeVerifier]
          : []
    // The request may be issued at any moment until the response arrives, so the
    // conservative expiry counts from when the request was sent.
    const sentAt = options.now()
    const { status, headers, text } = await withDeadline(
      signal,
      options.requestTimeout,
      { what: `Token request (${request.grant})`, grant: request.grant },
      async (linked) => {
        const response = await (options.fetch ?? globalThis.fetch)(options.tokenUrl, {
          method: 'POST',
          body: encodeBody(request, options.clientId, options.encoding),
          headers: {
            accept: 'application/json',
            'content-type':
              options.encoding === 'form'
                ? 'application/x-www-form-urlencoded'
                : 'application/json',
          },
          signal: linked,
        })
        // The body is read under the same deadline: a server can stall mid-body too.
        return { status: response.status, headers: response.headers, text: await response.text() }
      },
    )
    const context: ResponseContext = { grant: request.grant, secrets, now: options.now() }
    if (status < 200 || status > 299) throw errorForStatus(status, headers, text, context)
    const granted = parseTokenBody(text, context)
    // A clock set back while the request was in flight reads earlier now than at sending;
    // counting from then would let the token outlive its expiry by the whole jump.
    const issuedAt = Math.min(sentAt, context.now)
    const previous = request.grant === 'refresh_token' ? request.tokens : null
    return {
      sessionId: previous?.sessionId ?? (options.createSessionId ?? randomId)(),
      accessToken: granted.accessToken,
      refreshToken: granted.refreshToken,
      issuedAt,
      expiresAt: issuedAt + granted.expiresIn * 1000,
      role: previous?.role ?? (request.grant === 'authorization_code' ? 'member' : 'visitor'),
      generation: previous
        ? generationOf(previous) + 1
        : bornAfter(request.grant === 'anonymous' ? (request.after ?? 0) : 0),
    }
  }
}

/** The body Wix documents: camelCase JSON, or snake_case form fields. */
function encodeBody(
  request: EndpointRequest,
  clientId: string,
  encoding: TokenRequestEncoding,
): string {
  const fields = Object.entries({
    clientId,
    grantType: request.grant,
    ...(request.grant === 'refresh_token' ? { refreshToken: request.tokens.refreshToken } : {}),
    ...(request.grant === 'authorization_code'
      ? { redirectUri: request.redirectUri, code: request.code, codeVerifier: request.codeVerifier }
      : {}),
  }).filter((field): field is [string, string] => field[1] !== undefined)
  if (encoding === 'json') return JSON.stringify(Object.fromEntries(fields))
  return new URLSearchParams(
    fields.map(([name, value]) => [name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
  ).toString()
}

/**
 * The token endpoint as the `requestTokens` actor the machine invokes; leaving the state
 * aborts the request.
 *
 * @example
 * ```ts
 * sessionMachine.provide({ actors: { requestTokens: tokenEndpointActor(createTokenEndpoint(options)) } })
 * ```
 */
export function tokenEndpointActor(endpoint: TokenEndpoint) {
  return fromPromise<TokenSet, TokenRequest>(async ({ input, signal }) => {
    try {
      return await endpoint(input, signal)
    } catch (error) {
      if (error instanceof SessionError) throw error
      throw new SessionError('unexpected', `Token request (${input.grant}) failed unexpectedly`, {
        grant: input.grant,
      })
    }
  })
}
