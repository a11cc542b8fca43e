/**
 * The first-visit benchmark's page for Wix's ticketing template: the real `@wix/sdk`
 * `OAuthStrategy`, given the refresh token of the `wix_refreshToken` cookie and an empty
 * access token, so its first call on every page load renews. It never writes back.
 */
import { OAuthStrategy, type RefreshToken } from '@wix/sdk'
import { readCookie } from '../server/template-cookies'
import { WIX_REFRESH_TOKEN_COOKIE } from '../server/ticketing-template'
import { clientId, routeWixApiToMock, runServerPage } from './server-page'

routeWixApiToMock()
const cookie = readCookie(document.cookie, WIX_REFRESH_TOKEN_COOKIE)
const auth = OAuthStrategy({
  clientId,
  tokens: {
    refreshToken: JSON.parse(cookie ?? '{}') as RefreshToken,
    accessToken: { value: '', expiresAt: 0 },
  },
})

runServerPage(async () => (await auth.getAuthHeaders(undefined)).headers.Authorization ?? '')
