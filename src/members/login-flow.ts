/**
 * The two halves every member login shares, wherever it runs (a page's redirect, a hidden
 * frame, a server's routes): starting it at Wix with fresh PKCE data and `state`, and
 * exchanging the code Wix sends back for member tokens.
 */
import type { TokenSet } from '../../machines/session.types'
import type { TokenEndpoint } from '../actors/token-endpoint'
import { isSessionError } from '../errors'
import type { Session } from '../session-api'
import { codeRejected } from './login-errors'
import { PENDING_LOGIN_VERSION, type PendingLogin } from './pending-login'
import { codeChallenge, codeVerifier, loginState } from './pkce'
import { createLoginSession, type LoginSessionRequest } from './redirect-sessions'
import type { WixCall } from './wix-rest'

/** A login started at Wix: the URL of its page, and the secrets completing it needs. */
export interface StartedLogin {
  fullUrl: string
  state: string
  codeVerifier: string
}

/** A new verifier and `state`, and the redirect session of a login made with them. */
export async function startLogin(
  call: Omit<WixCall, 'path' | 'body' | 'what'>,
  request: Omit<LoginSessionRequest, 'codeChallenge' | 'state'>,
): Promise<StartedLogin> {
  const verifier = codeVerifier()
  const state = loginState()
  const fullUrl = await createLoginSession(call, {
    ...request,
    codeChallenge: await codeChallenge(verifier),
    state,
  })
  return { fullUrl, state, codeVerifier: verifier }
}

/** The pending login to keep for `started` until its callback comes back. */
export function pendingLoginOf(
  started: StartedLogin,
  redirectUri: string | null,
  returnTo: string,
  now: number,
  lifetimeMs: number,
): PendingLogin {
  return {
    v: PENDING_LOGIN_VERSION,
    state: started.state,
    codeVerifier: started.codeVerifier,
    redirectUri,
    returnTo,
    createdAt: now,
    expiresAt: now + lifetimeMs,
  }
}

/** Member tokens for a login's code; a code Wix refuses is `login_code_rejected`. */
export function exchangeCode(
  endpoint: TokenEndpoint,
  exchange: { code: string; codeVerifier: string; redirectUri: string | null },
  signal?: AbortSignal,
): Promise<TokenSet> {
  const { code, codeVerifier: verifier, redirectUri } = exchange
  return endpoint(
    {
      grant: 'authorization_code',
      code,
      codeVerifier: verifier,
      ...(redirectUri === null ? {} : { redirectUri }),
    },
    signal,
  ).catch((error: unknown) => {
    throw isSessionError(error, 'invalid_grant') ? codeRejected(error) : error
  })
}

/** Member tokens as the session of every tab: one commit, announced like any other. */
export function importMember(session: Session, tokens: TokenSet): Promise<void> {
  return session.importTokens({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    issuedAt: tokens.issuedAt,
    expiresAt: tokens.expiresAt,
    role: 'member',
  })
}
