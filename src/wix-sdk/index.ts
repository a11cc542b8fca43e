/**
 * headless-session/wix-sdk: a session as the `auth` of `@wix/sdk`'s `createClient`, and
 * conversions between the session's tokens and `@wix/sdk`'s `Tokens`. It has no runtime
 * dependency on `@wix/sdk`: the shapes it fits are declared here.
 */
import type { TokenSet } from '../../machines/session.types'
import { SessionError } from '../errors'
import type { ImportableTokens, Session } from '../session'

/**
 * `@wix/sdk`'s `Tokens`: `expiresAt` in epoch seconds, a role per refresh token.
 *
 * @example
 * ```ts
 * const tokens: WixTokens = wixClient.auth.getTokens()
 * await session.importTokens(fromWixTokens(tokens))
 * ```
 */
export interface WixTokens {
  accessToken: { value: string; expiresAt: number }
  refreshToken: { value: string; role: string }
}

/**
 * What `createClient({ auth })` needs from an authentication strategy.
 *
 * @example
 * ```ts
 * const auth: WixAuthStrategy = createWixAuth(session)
 * const { headers } = await auth.getAuthHeaders()
 * ```
 */
export interface WixAuthStrategy {
  getAuthHeaders(host?: unknown): Promise<{ headers: { Authorization: string } }>
  getActiveToken(): string | undefined
}

/**
 * Use a session as `@wix/sdk`'s authentication: every Wix API call gets a token that is
 * valid right now, concurrent calls share one refresh, and all tabs share one visitor.
 *
 * @example
 * ```ts
 * import { createClient } from '@wix/sdk'
 * import { products } from '@wix/stores'
 * import { createSession } from 'headless-session'
 * import { createWixAuth } from 'headless-session/wix-sdk'
 *
 * const session = createSession({ clientId: 'my-client-id' }).start()
 * const wix = createClient({ auth: createWixAuth(session), modules: { products } })
 * const { items } = await wix.products.queryProducts().find()
 * ```
 */
export function createWixAuth(
  session: Pick<Session, 'getAccessToken' | 'peekTokens'>,
): WixAuthStrategy {
  return {
    // Wix takes the raw access token, with no `Bearer ` prefix.
    getAuthHeaders: async () => ({ headers: { Authorization: await session.getAccessToken() } }),
    getActiveToken: () => session.peekTokens()?.accessToken,
  }
}

/**
 * The session's tokens in `@wix/sdk`'s shape, e.g. for an `OAuthStrategy` that still
 * handles member login.
 *
 * @example
 * ```ts
 * wixClient.auth.setTokens(toWixTokens(await session.getTokens()))
 * ```
 */
export function toWixTokens(tokens: TokenSet): WixTokens {
  return {
    accessToken: { value: tokens.accessToken, expiresAt: Math.floor(tokens.expiresAt / 1000) },
    refreshToken: { value: tokens.refreshToken, role: tokens.role },
  }
}

/**
 * `@wix/sdk` tokens as tokens a session can import, so an app adopting this library
 * keeps its visitor (or member) instead of minting a new one.
 *
 * @example
 * ```ts
 * await session.importTokens(fromWixTokens(wixClient.auth.getTokens()))
 * ```
 */
export function fromWixTokens(tokens: WixTokens): ImportableTokens {
  const access = tokens?.accessToken
  const refresh = tokens?.refreshToken
  const role = refresh?.role
  if (
    typeof access?.value !== 'string' ||
    access.value === '' ||
    typeof refresh?.value !== 'string' ||
    refresh.value === '' ||
    typeof access.expiresAt !== 'number' ||
    !Number.isFinite(access.expiresAt) ||
    (role !== 'visitor' && role !== 'member')
  ) {
    throw new SessionError(
      'invalid_tokens',
      'fromWixTokens(): expected @wix/sdk Tokens with an access token, its expiresAt in epoch seconds and a visitor or member refresh token',
    )
  }
  return {
    accessToken: access.value,
    refreshToken: refresh.value,
    expiresAt: access.expiresAt * 1000,
    role,
  }
}
