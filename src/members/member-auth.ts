/**
 * `createMemberAuth()`: a member's Wix-managed login and logout, on top of a session's
 * public API. The login is a PKCE round trip through Wix's login page; its result becomes
 * the session of every tab through `session.importTokens()`, one commit announced like
 * any other. Logout ends the member's session at Wix and makes the session one new visitor
 * in every tab. ref: ../shared/reference/wix-members.md
 */
import { createTokenEndpoint } from '../actors/token-endpoint'
import { isSessionError, SessionError } from '../errors'
import { randomId } from '../random-id'
import type { Session } from '../session-api'
import { createCustomLogin } from './custom-login'
import type { CustomLogin, CustomLoginOptions } from './custom-login.types'
import { readLoginCallback, withoutLoginCallback } from './login-callback'
import {
  DEFAULT_PENDING_LOGIN_LIFETIME_MS,
  PENDING_LOGIN_VERSION,
  type PendingLogin,
  type PendingLoginStore,
  parsePendingLogin,
  sessionStoragePendingLogins,
} from './pending-login'
import { codeChallenge, codeVerifier, loginState, sameSecret } from './pkce'
import {
  createLoginSession,
  createLogoutSession,
  isWebUrl,
  type ResponseMode,
} from './redirect-sessions'
import { sameOriginPath } from './return-to'

/**
 * How long one request to Wix (a login or logout URL, a code exchange) may take.
 *
 * @example
 * ```ts
 * createMemberAuth(session, { redirectUri, requestTimeout: 2 * DEFAULT_MEMBER_REQUEST_TIMEOUT_MS })
 * ```
 */
export const DEFAULT_MEMBER_REQUEST_TIMEOUT_MS = 10_000

/**
 * Options of `createMemberAuth()`. Only `redirectUri` is required in a browser.
 *
 * @example
 * ```ts
 * const options: MemberAuthOptions = {
 *   redirectUri: 'https://shop.example/callback', // exactly as allow-listed in the Wix app
 *   pendingLoginLifetime: 5 * 60_000,
 * }
 * ```
 */
export interface MemberAuthOptions extends CustomLoginOptions {
  /** Where Wix sends the browser back: exactly one of the OAuth app's allowed redirect URIs. */
  redirectUri: string
  /**
   * Where a login in progress is kept across the trip to Wix. Default: `sessionStorage`
   * (this tab only). Required where there is none (Node, a server: keep it per visitor).
   */
  pendingLogin?: PendingLoginStore
  /** Milliseconds a login may take from `loginUrl()` to `completeLogin()`. Default 10 minutes. */
  pendingLoginLifetime?: number
  /** Milliseconds one request to Wix may take. Default 10 s. */
  requestTimeout?: number
  /** The fetch for Wix's APIs. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Epoch milliseconds. Default `Date.now`. */
  now?: () => number
  /**
   * The page: `completeLogin()` reads the callback from `location.href` and removes it from
   * the address bar with `history.replaceState`. Default: the real ones, where they exist.
   */
  location?: { readonly href: string; readonly origin: string }
  history?: { replaceState(data: unknown, unused: string, url?: string | URL): void }
}

/**
 * Options of one login.
 *
 * @example
 * ```ts
 * location.assign(await members.loginUrl({ idp: 'google', returnTo: '/account/orders' }))
 * ```
 */
export interface LoginOptions {
  /** `login` (default) shows Wix's form; `none` answers at once (`login_required` if nobody is logged in). */
  prompt?: 'login' | 'none'
  /** A social login: `google`, `facebook`, or an identity provider's connection ID. */
  idp?: string
  /** Where Wix puts `code` and `state`: `fragment` (default, never sent to a server) or `query`. */
  responseMode?: Exclude<ResponseMode, 'web_message'>
  /** Where the app goes once logged in: a path on the app's own origin. Default `/`. */
  returnTo?: string
}

/**
 * What a completed login hands back.
 *
 * @example
 * ```ts
 * const { returnTo } = await members.completeLogin()
 * router.replace(returnTo)
 * ```
 */
export interface CompletedLogin {
  /** The path `loginUrl({ returnTo })` asked for, checked again to be on the app's origin. */
  returnTo: string
}

/**
 * A session's member login and logout: through Wix's login page (`loginUrl`,
 * `completeLogin`, `logoutUrl`) or the app's own form (`login`, `register`,
 * `sendPasswordReset`, `silentLogin`; see `CustomLogin`).
 *
 * @example
 * ```ts
 * const members = createMemberAuth(session, { redirectUri: `${location.origin}/callback` })
 * loginButton.onclick = async () => location.assign(await members.loginUrl())
 * ```
 */
export interface MemberAuth extends CustomLogin {
  /** The URL of Wix's login page, with a pending login kept for `completeLogin()`. */
  loginUrl(options?: LoginOptions): Promise<string>
  /** Finish the login Wix sent back to `url` (default: this page): the member in every tab. */
  completeLogin(url?: string): Promise<CompletedLogin>
  /** The URL of Wix's logout page; the session is one new visitor in every tab before it resolves. */
  logoutUrl(options: { postFlowUrl: string }): Promise<string>
}

/**
 * Log members in and out of `session`: through Wix's own login page, or with the app's
 * own form (custom login, registration, e-mail verification, silent login).
 *
 * @example
 * ```ts
 * import { createSession } from 'headless-session'
 * import { createMemberAuth } from 'headless-session/members'
 *
 * const session = createSession({ clientId }).start()
 * const members = createMemberAuth(session, { redirectUri: `${location.origin}/callback` })
 *
 * // On the login button:
 * location.assign(await members.loginUrl({ returnTo: location.pathname }))
 * // On /callback:
 * const { returnTo } = await members.completeLogin()
 * location.replace(returnTo)
 * // On the logout button:
 * location.assign(await members.logoutUrl({ postFlowUrl: location.origin }))
 * // Or the app's own form:
 * const outcome = await members.login({ email, password }) // { status: 'signed_in' }, …
 * ```
 */
export function createMemberAuth(session: Session, options: MemberAuthOptions): MemberAuth {
  const config = resolveMemberOptions(session, options)
  const endpoint = createTokenEndpoint({
    clientId: session.clientId,
    tokenUrl: session.tokenUrl,
    encoding: 'json',
    requestTimeout: config.requestTimeout,
    ...(config.fetch ? { fetch: config.fetch } : {}),
    now: config.now,
    createSessionId: randomId,
  })
  const wix = {
    origin: new URL(session.tokenUrl).origin,
    requestTimeout: config.requestTimeout,
    now: config.now,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  }

  /** A visitor's token to ask Wix for a login URL with. */
  const visitorToken = async () => {
    try {
      return await session.getAccessToken()
    } catch (error) {
      if (!isSessionError(error, 'member_session_ended')) throw error
      // The member's session ended and the app has asked for no visitor: a visitor of the
      // login's own authorises the login URL, and is never stored.
      return (await endpoint({ grant: 'anonymous' })).accessToken
    }
  }

  const customLogin = createCustomLogin({ session, endpoint, wix, visitorToken, options })

  return {
    ...customLogin,
    async loginUrl(login = {}) {
      const returnTo = sameOriginPath(login.returnTo ?? '/', config.appOrigin)
      const responseMode = login.responseMode ?? 'fragment'
      const verifier = codeVerifier()
      const state = loginState()
      const fullUrl = await createLoginSession(
        { ...wix, accessToken: await visitorToken() },
        {
          clientId: session.clientId,
          redirectUri: config.redirectUri,
          codeChallenge: await codeChallenge(verifier),
          state,
          responseMode,
          prompt: login.prompt ?? 'login',
          ...(login.idp === undefined ? {} : { idp: login.idp }),
        },
      )
      const now = config.now()
      const pending: PendingLogin = {
        v: PENDING_LOGIN_VERSION,
        state,
        codeVerifier: verifier,
        redirectUri: config.redirectUri,
        returnTo,
        createdAt: now,
        expiresAt: now + config.pendingLoginLifetime,
      }
      await config.pendingLogin.set(pending)
      return fullUrl
    },

    async completeLogin(url) {
      const page = config.location
      const target = new URL(url ?? requiredPage(page).href)
      if (page !== undefined && (url === undefined || url === page.href)) {
        // First of all: a reload must not replay the code, nor a shared link carry it.
        config.history?.replaceState(null, '', withoutLoginCallback(target).href)
      }
      const callback = readLoginCallback(target)
      const pending = parsePendingLogin(await config.pendingLogin.get())
      if (
        callback.state === null ||
        pending === null ||
        !sameSecret(callback.state, pending.state)
      ) {
        // A forged or stray callback: the login in progress (if any) stays usable.
        throw new SessionError(
          'login_state_mismatch',
          'The login callback does not belong to a login started here (its state does not match); nothing was changed',
        )
      }
      await config.pendingLogin.delete()
      if (pending.expiresAt <= config.now()) {
        throw new SessionError(
          'login_expired',
          'The login took too long and expired; start it again',
        )
      }
      if (callback.error !== null || callback.code === null) throw callbackError(callback.error)
      const tokens = await endpoint({
        grant: 'authorization_code',
        code: callback.code,
        codeVerifier: pending.codeVerifier,
        ...(pending.redirectUri === null ? {} : { redirectUri: pending.redirectUri }),
      }).catch((error: unknown) => {
        throw isSessionError(error, 'invalid_grant') ? codeRejected(error) : error
      })
      await session.importTokens({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        issuedAt: tokens.issuedAt,
        expiresAt: tokens.expiresAt,
        role: 'member',
      })
      return { returnTo: sameOriginPath(pending.returnTo, config.appOrigin) }
    },

    async logoutUrl({ postFlowUrl }) {
      if (typeof postFlowUrl !== 'string' || !isWebUrl(postFlowUrl)) {
        throw new TypeError('headless-session: `postFlowUrl` must be an absolute http(s) URL')
      }
      let fullUrl: string | undefined
      let failure: unknown
      try {
        const accessToken = await session.getAccessToken({ timeout: config.requestTimeout })
        fullUrl = await createLogoutSession({ ...wix, accessToken }, session.clientId, postFlowUrl)
      } catch (error) {
        failure = error
      }
      // Whatever Wix said, the member is forgotten here and in every tab.
      await session.signOut({ timeout: config.requestTimeout }).catch(() => undefined)
      if (fullUrl !== undefined) return fullUrl
      // Wix already ended that session when it refused its refresh token.
      if (isSessionError(failure, 'member_session_ended')) return postFlowUrl
      throw logoutIncomplete(failure)
    },
  }
}

interface ResolvedMemberOptions {
  redirectUri: string
  appOrigin: string
  pendingLogin: PendingLoginStore
  pendingLoginLifetime: number
  requestTimeout: number
  fetch: typeof globalThis.fetch | undefined
  now: () => number
  location: MemberAuthOptions['location']
  history: MemberAuthOptions['history']
}

function resolveMemberOptions(session: Session, options: MemberAuthOptions): ResolvedMemberOptions {
  const { redirectUri } = options ?? {}
  if (typeof redirectUri !== 'string' || !isWebUrl(redirectUri)) {
    throw new TypeError('headless-session: `redirectUri` must be an absolute http(s) URL')
  }
  const pendingLogin = options.pendingLogin ?? sessionStoragePendingLogins(session.clientId)
  if (pendingLogin === undefined) {
    throw new TypeError(
      'headless-session: there is no sessionStorage here; pass `pendingLogin`, a store kept per visitor',
    )
  }
  const location = options.location ?? (globalThis.location as MemberAuthOptions['location'])
  const history = options.history ?? (globalThis.history as MemberAuthOptions['history'])
  return {
    redirectUri,
    // The app lives where Wix sends the member back.
    appOrigin: new URL(redirectUri).origin,
    pendingLogin,
    pendingLoginLifetime: positive(options.pendingLoginLifetime, DEFAULT_PENDING_LOGIN_LIFETIME_MS),
    requestTimeout: positive(options.requestTimeout, DEFAULT_MEMBER_REQUEST_TIMEOUT_MS),
    fetch: options.fetch,
    now: options.now ?? Date.now,
    location,
    history,
  }
}

function positive(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError('headless-session: member auth timeouts must be positive finite numbers')
  }
  return value
}

function requiredPage(page: MemberAuthOptions['location']) {
  if (page === undefined) {
    throw new TypeError('headless-session: completeLogin(url) needs the callback URL here')
  }
  return page
}

/** The error Wix put in the callback, as the session's own. */
function callbackError(error: string | null): SessionError {
  if (error === 'access_denied') {
    return new SessionError('login_cancelled', 'The member cancelled the login')
  }
  if (error === 'login_required') {
    return new SessionError('login_required', 'Nobody is logged in on Wix (prompt: none)')
  }
  // The code is Wix's; it is shown only when it looks like one (never free text).
  const code = error !== null && /^[a-z_]{1,64}$/.test(error) ? ` (${error})` : ''
  return new SessionError('login_failed', `Wix did not log the member in${code}`)
}

function codeRejected(error: SessionError): SessionError {
  return new SessionError(
    'login_code_rejected',
    'Wix refused the login code (used already, expired, or from another login); start the login again',
    { ...(error.status === undefined ? {} : { status: error.status }), cause: error },
  )
}

function logoutIncomplete(failure: unknown): SessionError {
  const reason = isSessionError(failure) ? failure.code : 'unexpected'
  return new SessionError(
    'logout_incomplete',
    `Logged out in this browser, but Wix's logout URL could not be made (${reason}); the member may still be logged in on Wix's pages`,
    { cause: failure, retryable: isSessionError(failure) && failure.retryable },
  )
}
