/**
 * Members on a server: the three route handlers of a Wix-managed login and logout, built
 * on the members entry's pieces (PKCE, redirect sessions, the callback, `returnTo`) and on
 * the server's session cookie. The code is exchanged on the server; the pending login
 * lives in a short-lived HttpOnly cookie of its own, so no script of the page ever sees
 * the verifier. Every handler answers with a redirect and never throws: what went wrong
 * travels as `login_error` / `logout_error` in the URL it redirects to.
 */
import { createTokenEndpoint } from '../actors/token-endpoint'
import { isSessionError, SessionError } from '../errors'
import { readLoginCallback } from '../members/login-callback'
import { callbackError } from '../members/login-errors'
import { exchangeCode, pendingLoginOf, startLogin } from '../members/login-flow'
import { DEFAULT_PENDING_LOGIN_LIFETIME_MS } from '../members/pending-login'
import { sameSecret } from '../members/pkce'
import { createLogoutSession, isWebUrl } from '../members/redirect-sessions'
import { sameOriginPath } from '../members/return-to'
import type { ServerRequest } from './cookies'
import {
  clearedPendingCookie,
  pendingCookie,
  pendingCookieName,
  readPending,
} from './pending-cookie'
import { serverConfigOf } from './server-sessions'
import type { ServerSessions } from './types'

/**
 * Options of `createServerMemberAuth()`.
 *
 * @example
 * ```ts
 * const options: ServerMemberAuthOptions = {
 *   redirectUri: 'https://shop.example/auth/callback', // allow-listed in the Wix app
 *   errorPath: '/login',
 * }
 * ```
 */
export interface ServerMemberAuthOptions {
  /** The login callback route, exactly as allow-listed in the Wix OAuth app. */
  redirectUri: string
  /** Milliseconds a login may take. Default 10 minutes. */
  pendingLoginLifetime?: number
  /**
   * Where a login or logout that could not complete lands, with `login_error=<code>` or
   * `logout_error=<code>` added. A path on the app's origin. Default `/`.
   */
  errorPath?: string
}

/**
 * Options of one login.
 *
 * @example
 * ```ts
 * export const GET = (request: Request) =>
 *   members.login(request, { returnTo: new URL(request.url).searchParams.get('returnTo') ?? '/' })
 * ```
 */
export interface ServerLoginOptions {
  /** A path on the app's own origin to land on once logged in. Default `/`. */
  returnTo?: string
  prompt?: 'login' | 'none'
  /** `google`, `facebook`, or an identity provider's connection ID. */
  idp?: string
}

/**
 * The route handlers of a member's login and logout. Each takes the request and answers
 * with a redirect carrying the cookies to set.
 *
 * @example
 * ```ts
 * // app/auth/login/route.ts, app/auth/callback/route.ts, app/auth/logout/route.ts
 * export const GET = (request: Request) => members.login(request)
 * export const GET = (request: Request) => members.completeLogin(request)
 * export const POST = (request: Request) => members.logout(request, { postFlowUrl: origin })
 * ```
 */
export interface ServerMemberAuth {
  /** Send the browser to Wix's login page, with the pending login in an HttpOnly cookie. */
  login(request: ServerRequest, options?: ServerLoginOptions): Promise<Response>
  /** The `redirectUri` route: exchange the code and write the member's session cookie. */
  completeLogin(request: ServerRequest): Promise<Response>
  /** End the member's session at Wix and make the cookie one new visitor. */
  logout(request: ServerRequest, options: { postFlowUrl: string }): Promise<Response>
}

/**
 * Members' login and logout as route handlers for a server's sessions.
 *
 * @example
 * ```ts
 * import { createServerMemberAuth, createServerSessions } from 'headless-session/server'
 *
 * export const sessions = createServerSessions({ clientId: process.env.WIX_CLIENT_ID ?? '' })
 * export const members = createServerMemberAuth(sessions, {
 *   redirectUri: `${process.env.SITE_ORIGIN}/auth/callback`,
 * })
 * ```
 */
export function createServerMemberAuth(
  sessions: ServerSessions,
  options: ServerMemberAuthOptions,
): ServerMemberAuth {
  const config = serverConfigOf(sessions)
  const redirectUri = options?.redirectUri
  if (typeof redirectUri !== 'string' || !isWebUrl(redirectUri)) {
    throw new TypeError('headless-session: `redirectUri` must be an absolute http(s) URL')
  }
  const appOrigin = new URL(redirectUri).origin
  const errorPath = sameOriginPath(options.errorPath ?? '/', appOrigin)
  const lifetime = options.pendingLoginLifetime ?? DEFAULT_PENDING_LOGIN_LIFETIME_MS
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    throw new TypeError('headless-session: `pendingLoginLifetime` must be a positive number')
  }
  const pendingName = pendingCookieName(config.cookieName)
  const endpoint = createTokenEndpoint(config)
  const wix = (accessToken: string) => ({
    origin: new URL(config.tokenUrl).origin,
    accessToken,
    requestTimeout: config.requestTimeout,
    now: config.now,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  })
  /** The pending login cookie: HttpOnly, Lax (it must come back on Wix's top-level redirect). */
  const pendingAttributes = (request: ServerRequest) => ({
    path: config.cookie.path ?? '/',
    ...(config.cookie.domain === undefined ? {} : { domain: config.cookie.domain }),
    sameSite: 'lax' as const,
    secure: config.cookie.secure ?? isHttps(request.url),
    httpOnly: true,
  })

  /** A visitor's token for the request (a throwaway one when the member's session ended). */
  const visitorToken = async (request: ServerRequest) => {
    try {
      const session = await sessions.fromRequest(request)
      return { accessToken: session.accessToken, setCookie: session.setCookie }
    } catch (error) {
      if (!isSessionError(error, 'member_session_ended')) throw error
      return { accessToken: (await endpoint({ grant: 'anonymous' })).accessToken, setCookie: [] }
    }
  }

  return {
    async login(request, login = {}) {
      try {
        const returnTo = sameOriginPath(login.returnTo ?? '/', appOrigin)
        const { accessToken, setCookie } = await visitorToken(request)
        const started = await startLogin(wix(accessToken), {
          clientId: config.clientId,
          redirectUri,
          // The code must reach the server: a fragment never does.
          responseMode: 'query',
          prompt: login.prompt ?? 'login',
          ...(login.idp === undefined ? {} : { idp: login.idp }),
        })
        const pending = pendingLoginOf(started, redirectUri, returnTo, config.now(), lifetime)
        const keep = pendingCookie(pendingName, pending, pendingAttributes(request), lifetime)
        return redirect(started.fullUrl, [...setCookie, keep])
      } catch (error) {
        return redirect(withError(appOrigin, errorPath, 'login_error', error), [])
      }
    },

    async completeLogin(request) {
      const clearPending = clearedPendingCookie(pendingName, pendingAttributes(request))
      try {
        const callback = readLoginCallback(new URL(request.url ?? '', appOrigin))
        const pending = readPending(request, pendingName)
        if (
          callback.state === null ||
          pending === null ||
          !sameSecret(callback.state, pending.state)
        ) {
          // A forged or stray callback: the login in progress, if any, stays usable.
          const mismatch = new SessionError('login_state_mismatch', 'login state mismatch')
          return redirect(withError(appOrigin, errorPath, 'login_error', mismatch), [])
        }
        if (pending.expiresAt <= config.now()) {
          throw new SessionError('login_expired', 'The login took too long and expired')
        }
        if (callback.error !== null || callback.code === null) throw callbackError(callback.error)
        const tokens = await exchangeCode(endpoint, {
          code: callback.code,
          codeVerifier: pending.codeVerifier,
          redirectUri: pending.redirectUri,
        })
        const setCookie = sessions.cookieFor(
          {
            accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken,
            issuedAt: tokens.issuedAt,
            expiresAt: tokens.expiresAt,
            role: 'member',
          },
          { request },
        )
        const returnTo = sameOriginPath(pending.returnTo, appOrigin)
        return redirect(new URL(returnTo, appOrigin).href, [...setCookie, clearPending])
      } catch (error) {
        return redirect(withError(appOrigin, errorPath, 'login_error', error), [clearPending])
      }
    },

    async logout(request, { postFlowUrl }) {
      if (typeof postFlowUrl !== 'string' || !isWebUrl(postFlowUrl)) {
        throw new TypeError('headless-session: `postFlowUrl` must be an absolute http(s) URL')
      }
      let logoutUrl: string | undefined
      let failure: unknown
      try {
        const session = await sessions.fromRequest(request)
        logoutUrl = await createLogoutSession(
          wix(session.accessToken),
          config.clientId,
          postFlowUrl,
        )
      } catch (error) {
        failure = error
      }
      // Whatever Wix said, the cookie is one new visitor: every tab adopts it.
      let setCookie: string[]
      try {
        const visitor = await endpoint({ grant: 'anonymous' })
        setCookie = sessions.cookieFor(visitor, { request })
      } catch {
        setCookie = sessions.clearCookie({ request })
      }
      if (logoutUrl !== undefined) return redirect(logoutUrl, setCookie)
      if (isSessionError(failure, 'member_session_ended')) return redirect(postFlowUrl, setCookie)
      return redirect(withError(appOrigin, errorPath, 'logout_error', failure), setCookie)
    },
  }
}

/** `path` on the app's origin with `<name>=<code>` added; the code only, never a message. */
function withError(origin: string, path: string, name: string, error: unknown): string {
  const url = new URL(path, origin)
  url.searchParams.set(name, isSessionError(error) ? error.code : 'unexpected')
  return url.href
}

function redirect(location: string, setCookie: readonly string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' })
  for (const value of setCookie) headers.append('set-cookie', value)
  return new Response(null, { status: 303, headers })
}

function isHttps(url: string | undefined): boolean {
  try {
    return url !== undefined && new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}
