/**
 * The first-visit benchmark's page for Wix's `nextjs/commerce` template: the real
 * `@wix/sdk` `OAuthStrategy`, given the tokens the middleware wrote in the `wix-session`
 * cookie (the whole `Tokens` JSON is that option's shape), read once when the page makes
 * its client. It renews in memory when they expire and never writes the cookie back.
 */
import { OAuthStrategy, type Tokens } from '@wix/sdk'
import { WIX_SESSION_COOKIE } from '../server/commerce-template'
import { readCookie } from '../server/template-cookies'
import { clientId, routeWixApiToMock, runServerPage } from './server-page'

routeWixApiToMock()
const cookie = readCookie(document.cookie, WIX_SESSION_COOKIE)
const auth = OAuthStrategy({
  clientId,
  ...(cookie === undefined ? {} : { tokens: JSON.parse(cookie) as Tokens }),
})

runServerPage(async () => (await auth.getAuthHeaders(undefined)).headers.Authorization ?? '')
