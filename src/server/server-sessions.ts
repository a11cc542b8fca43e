/**
 * `createServerSessions()`: the session of each request, read from the cookie the browser
 * session also uses, renewed at most once per expired cookie per process, and written
 * back as `Set-Cookie` values. Web APIs only (`fetch`, `Headers`, `crypto`), so it runs in
 * Node and in edge runtimes. It holds no session between requests: the only state is the
 * refreshes in flight and just spent, keyed by the refresh token that started them.
 */
import type { TokenSet } from '../../machines/session.types'
import { generationOf } from '../../machines/token-order'
import { createTokenEndpoint } from '../actors/token-endpoint'
import { isSessionError, SessionError } from '../errors'
import { importedTokenSet } from '../imported-tokens'
import { encodeRecord } from '../storage/record'
import { parseTokenSet } from '../token-set'
import {
  type CookieContext,
  cookieContext,
  removeRecord,
  requestCookieHeader,
  storedRecord,
  writeRecord,
} from './cookies'
import { ServerSessionError } from './errors'
import {
  type ResolvedServerOptions,
  resolveServerOptions,
  type ServerSessionsOptions,
} from './options'
import { createRefreshSharing, type Renewal } from './refresh-sharing'
import type { ServerSession, ServerSessions } from './types'

/**
 * The options each instance was made with, for the member routes built on it
 * (`members.ts`), without making them part of the instance's public shape.
 */
const serverConfigs = new WeakMap<ServerSessions, ResolvedServerOptions>()

/** The resolved options of `sessions`; throws for an object `createServerSessions` did not make. */
export function serverConfigOf(sessions: ServerSessions): ResolvedServerOptions {
  const config = serverConfigs.get(sessions)
  if (config === undefined) {
    throw new TypeError('headless-session: expected the result of createServerSessions()')
  }
  return config
}

/**
 * Renewals in a row for one request. The first is normal; a second happens only when a
 * request carries a cookie whose refresh was just spent and whose successor is due too.
 */
const MAX_RENEWALS = 3

/**
 * Create the sessions of one server: one instance per process, shared by every request
 * (what it keeps is per refresh token, never per "current" user).
 *
 * @example
 * ```ts
 * import { createServerSessions } from 'headless-session/server'
 *
 * const sessions = createServerSessions({ clientId: process.env.WIX_CLIENT_ID ?? '' })
 *
 * export async function handle(request: Request): Promise<Response> {
 *   const session = await sessions.fromRequest(request)
 *   const headers = new Headers({ 'content-type': 'text/html' })
 *   for (const value of session.setCookie) headers.append('set-cookie', value)
 *   return new Response(await render(session.accessToken), { headers })
 * }
 * ```
 */
export function createServerSessions(options: ServerSessionsOptions): ServerSessions {
  const config = resolveServerOptions(options)
  const { clientId, now } = config
  const endpoint = createTokenEndpoint(config)
  const sharing = createRefreshSharing({
    now,
    window: config.spentTokenWindow,
    max: config.maxSharedRefreshes,
  })

  /** A refresh, shared by every request carrying this refresh token. */
  const renew = (tokens: TokenSet): Promise<Renewal> =>
    sharing.renew(tokens.refreshToken, async () => {
      try {
        return { kind: 'refreshed', tokens: await endpoint({ grant: 'refresh_token', tokens }) }
      } catch (error) {
        if (!isSessionError(error, 'invalid_grant')) throw error
        if (tokens.role === 'member') return { kind: 'ended' }
        // The new visitor must outrank the old one in every open tab (token-order.ts).
        const after = generationOf(tokens)
        return { kind: 'replaced', tokens: await endpoint({ grant: 'anonymous', after }) }
      }
    })

  const serve = (
    context: CookieContext,
    tokens: TokenSet,
    outcome: Pick<ServerSession, 'source' | 'replaced' | 'warning'>,
  ): ServerSession => {
    const setCookie =
      outcome.source === 'cookie'
        ? []
        : writeRecord(config, context, encodeRecord(tokens, clientId, now())).headers
    return {
      accessToken: tokens.accessToken,
      tokens: { ...tokens },
      role: tokens.role,
      ...outcome,
      setCookie,
      cookieHeader: requestCookieHeader(context.raw, setCookie),
    }
  }

  const memberEnded = (context: CookieContext, tokens: TokenSet, alreadyMarked: boolean) =>
    new ServerSessionError(
      'member_session_ended',
      "The member's session has ended (Wix refused its refresh token); a new login or a sign-out replaces it",
      {
        sessionId: tokens.sessionId,
        setCookie: alreadyMarked
          ? []
          : writeRecord(config, context, encodeRecord(tokens, clientId, now(), now())).headers,
      },
    )

  const mint = async (
    context: CookieContext,
    warning: ServerSession['warning'],
    signal: AbortSignal | undefined,
  ) => {
    try {
      const tokens = await endpoint({ grant: 'anonymous', after: 0 }, signal)
      return serve(context, tokens, { source: 'minted', replaced: false, warning })
    } catch (error) {
      throw ServerSessionError.from(error)
    }
  }

  const fromCookie = async (context: CookieContext, stored: TokenSet): Promise<ServerSession> => {
    let tokens = stored
    let replaced = false
    for (
      let round = 0;
      round < MAX_RENEWALS && refreshDue(tokens, config.refreshMargin, now());
      round++
    ) {
      let renewal: Renewal
      try {
        renewal = await renew(tokens)
      } catch (error) {
        // Keep what works: a token still valid serves this request; the next one retries.
        if (isSessionError(error) && error.retryable && now() < tokens.expiresAt) break
        throw ServerSessionError.from(error, { sessionId: tokens.sessionId })
      }
      if (renewal.kind === 'ended') throw memberEnded(context, tokens, false)
      replaced ||= renewal.kind === 'replaced'
      tokens = renewal.tokens
    }
    const source = tokens === stored ? 'cookie' : 'refreshed'
    return serve(context, tokens, { source, replaced, warning: null })
  }

  const sessions: ServerSessions = {
    async fromRequest(request, { signal } = {}) {
      const context = cookieContext(config, request)
      const stored = storedRecord(config, context)
      let work: Promise<ServerSession>
      if (stored.kind === 'empty') work = mint(context, null, signal)
      else if (stored.kind === 'invalid') work = mint(context, stored.warning, signal)
      else if (stored.ended) work = Promise.reject(memberEnded(context, stored.tokens, true))
      else work = fromCookie(context, stored.tokens)
      return abandonable(work, signal)
    },

    cookieFor(tokens, { request } = {}) {
      const context = cookieContext(config, request)
      const stored = storedRecord(config, context)
      const seen = stored.kind === 'valid' ? generationOf(stored.tokens) : 0
      let imported: TokenSet
      try {
        imported = importedTokenSet(tokens, now(), seen)
      } catch {
        throw invalidTokens('cookieFor()')
      }
      // Tokens that already carry a later generation keep it.
      const given = (tokens as { generation?: unknown }).generation
      const generation = Math.max(
        generationOf(imported),
        Number.isSafeInteger(given) ? (given as number) : 0,
      )
      return writeRecord(
        config,
        context,
        encodeRecord({ ...imported, generation }, clientId, now()),
      ).headers
    },

    endedCookieFor(tokens, { request } = {}) {
      const parsed = parseTokenSet(tokens)
      if (parsed === null || parsed.role !== 'member') throw invalidTokens('endedCookieFor()', true)
      const context = cookieContext(config, request)
      return writeRecord(config, context, encodeRecord(parsed, clientId, now(), now())).headers
    },

    clearCookie({ request } = {}) {
      return removeRecord(config, cookieContext(config, request)).headers
    },
  }
  serverConfigs.set(sessions, config)
  return sessions
}

/**
 * Whether `tokens` must be renewed before serving a request at `now`: inside the margin
 * (SERVER_REFRESH_MARGIN_MS), shrunk to a quarter of a short-lived token's lifetime.
 */
function refreshDue(tokens: TokenSet, margin: number, now: number): boolean {
  const lifetime = tokens.expiresAt - tokens.issuedAt
  return now >= tokens.expiresAt - Math.min(margin, lifetime / 4)
}

function invalidTokens(where: string, member = false): SessionError {
  const shape = member
    ? "a whole TokenSet of role 'member' (only a member's session ends)"
    : 'non-empty accessToken and refreshToken strings, an expiresAt in epoch ms and a role of visitor or member'
  return new SessionError('invalid_tokens', `${where}: expected ${shape}`)
}

/** `work`, unless `signal` aborts first; the listener goes when either happens. */
function abandonable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const abort = () =>
      reject(
        new ServerSessionError('aborted', 'fromRequest() was abandoned by its caller', {
          retryable: false,
        }),
      )
    if (signal.aborted) abort()
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
