/**
 * The server side of Wix's `wix-commerce-ticketing-nextjs-template`, written out by hand
 * (server-sessions.md): the cookie `wix_refreshToken` (30 days) holds only the `@wix/sdk`
 * refresh token. The middleware mints a visitor when it is missing; every server request
 * then makes a client from the refresh token and an empty access token, so its first call
 * renews (and, when the renewal fails, `@wix/sdk` mints a visitor in memory only: the
 * cookie keeps the dead refresh token). Its browser side does the same on every page load
 * (`bench/pages/server-ticketing.ts`), and neither writes a renewal back.
 *
 * Charitable on one point: on the first visit the render uses the refresh token the
 * middleware just minted, as if the middleware had also written it into the request.
 */
import { OAuthStrategy, type RefreshToken } from '@wix/sdk'
import type { TemplateOptions, TemplateSession } from './commerce-template'
import { readCookie, setCookie } from './template-cookies'

export const WIX_REFRESH_TOKEN_COOKIE = 'wix_refreshToken'
const MAX_AGE_S = 60 * 60 * 24 * 30

export function createTicketingServerSide(options: TemplateOptions) {
  const tokenRequestOptions = { headers: options.tokenRequestHeaders ?? {} }

  return async function ticketingServerSide(request: Request): Promise<TemplateSession> {
    const cookie = readCookie(request.headers.get('cookie'), WIX_REFRESH_TOKEN_COOKIE)
    const written: string[] = []
    let refreshToken: RefreshToken
    if (cookie === undefined) {
      const auth = OAuthStrategy({ clientId: options.clientId, tokenRequestOptions })
      const tokens = await auth.generateVisitorTokens()
      refreshToken = tokens.refreshToken
      written.push(setCookie(WIX_REFRESH_TOKEN_COOKIE, JSON.stringify(refreshToken), MAX_AGE_S))
    } else {
      refreshToken = JSON.parse(cookie) as RefreshToken
    }
    // The server component's client: the refresh token and an empty access token.
    const render = OAuthStrategy({
      clientId: options.clientId,
      tokens: { refreshToken, accessToken: { value: '', expiresAt: 0 } },
      tokenRequestOptions,
    })
    const { headers } = await render.getAuthHeaders(undefined)
    return { accessToken: headers.Authorization ?? '', setCookie: written }
  }
}
