/**
 * The token endpoint: one `anonymous` or `refresh_token` grant per call, through the
 * platform's fetch, bounded by a timeout and by the caller's AbortSignal, answering with a
 * whole TokenSet or a typed SessionError. Retrying is not done here: the machine owns that
 * policy.
 */
import { fromPromise } from 'xstate'
import type { TokenRequest, TokenSet } from '../../machines/session.types'
import { generationOf } from '../../machines/token-order'
import { SessionError } from '../errors'
import { redactText } from '../redact'
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
  createSessionId: () => string
}

/** Sends one token request. */
export type TokenEndpoint = (request: TokenRequest, signal?: AbortSignal) => Promise<TokenSet>

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
 *   createSessionId: randomId,
 * })
 * const tokens = await requestTokens({ grant: 'anonymous' })
 * ```
 */
export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  return async (request, signal) => {
    // A refresh sends the refresh token; a server may also echo the access token it belongs to.
    const secrets =
      request.grant === 'refresh_token'
        ? [request.tokens.refreshToken, request.tokens.accessToken]
        : []
    // The request may be issued at any moment until the response arrives, so the
    // conservative expiry counts from when the request was sent.
    const sentAt = options.now()
    const { status, headers, text } = await withDeadline(
      signal,
      options.requestTimeout,
      request.grant,
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
      sessionId: previous?.sessionId ?? options.createSessionId(),
      accessToken: granted.accessToken,
      refreshToken: granted.refreshToken,
      issuedAt,
      expiresAt: issuedAt + granted.expiresIn * 1000,
      role: previous?.role ?? 'visitor',
      generation:
        1 +
        (previous
          ? generationOf(previous)
          : request.grant === 'anonymous'
            ? (request.after ?? 0)
            : 0),
    }
  }
}

/** The body Wix documents: camelCase JSON, or snake_case form fields. */
function encodeBody(
  request: TokenRequest,
  clientId: string,
  encoding: TokenRequestEncoding,
): string {
  const refreshToken = request.grant === 'refresh_token' ? request.tokens.refreshToken : undefined
  if (encoding === 'form') {
    return new URLSearchParams({
      client_id: clientId,
      grant_type: request.grant,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    }).toString()
  }
  return JSON.stringify({
    clientId,
    grantType: request.grant,
    ...(refreshToken === undefined ? {} : { refreshToken }),
  })
}

/**
 * Run `send` with a signal that aborts on the caller's signal or after `timeoutMs`, and
 * turn a failure to get any response into a typed error.
 */
async function withDeadline<T>(
  outer: AbortSignal | undefined,
  timeoutMs: number,
  grant: TokenRequest['grant'],
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const forwardAbort = () => controller.abort()
  if (outer?.aborted) controller.abort()
  outer?.addEventListener('abort', forwardAbort, { once: true })
  try {
    return await send(controller.signal)
  } catch (error) {
    if (timedOut) {
      throw new SessionError(
        'timeout',
        `Token request (${grant}) got no response within ${timeoutMs} ms`,
        { grant },
      )
    }
    if (outer?.aborted) {
      throw new SessionError('aborted', `Token request (${grant}) was abandoned`, {
        grant,
        retryable: false,
      })
    }
    // A fetch error may quote the request (and so the refresh token): only a scrubbed
    // description of the underlying cause is kept.
    throw new SessionError(
      'network',
      `Token request (${grant}) got no response: ${describeCause(error)}`,
      { grant },
    )
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', forwardAbort)
  }
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause ?? error
  const message = cause instanceof Error ? cause.message : String(cause)
  // Node's fetch puts the system error (with its `code`) under the TypeError it rejects with.
  const code =
    (cause as { code?: unknown })?.code ?? (cause as { cause?: { code?: unknown } })?.cause?.code
  const text = typeof code === 'string' ? `${message} (${code})` : message
  return redactText(text).slice(0, 200)
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
