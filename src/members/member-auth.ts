/**
 * `createMemberAuth()`: a member's Wix-managed login and logout, on top of a session's
 * public API. The login is a PKCE round trip through Wix's login page; its result becomes
 * the session of every tab through `session.importTokens()`, one commit announced like
 * any other. Logout ends the member's session at Wix and makes the session one new visitor
 * in every tab. ref: ../shared/reference/wix-members.md
 */
import { createTokenEndpoint } from '../actors/token-endpoint'
import { isSessionError, SessionError } from '../errors'
import type { Session } from '../session-api'
import { createCustomLogin } from './custom-login'
import { readLoginCallback, withoutLoginCallback } from './login-callback'
import { callbackError, logoutIncomplete } from './login-errors'
import { exchangeCode, importMember, pendingLoginOf, startLogin } from './login-flow'
import type { MemberAuth, MemberAuthOptions } from './member-auth.types'
import { requiredPage, resolveMemberOptions } from './member-options'
import { parsePendingLogin } from './pending-login'
import { sameSecret } from './pkce'
import { createLogoutSession, isWebUrl } from './redirect-sessions'
import { sameOriginPath } from './return-to'

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
      const started = await startLogin(
        { ...wix, accessToken: await visitorToken() },
        {
          clientId: session.clientId,
          redirectUri: config.redirectUri,
          responseMode,
          prompt: login.prompt ?? 'login',
          ...(login.idp === undefined ? {} : { idp: login.idp }),
        },
      )
      const pending = pendingLoginOf(
        started,
        config.redirectUri,
        returnTo,
        config.now(),
        config.pendingLoginLifetime,
      )
      await config.pendingLogin.set(pending)
      return started.fullUrl
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
      const tokens = await exchangeCode(endpoint, {
        code: callback.code,
        codeVerifier: pending.codeVerifier,
        redirectUri: pending.redirectUri,
      })
      await importMember(session, tokens)
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
