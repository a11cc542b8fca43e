/**
 * "Log in": a redirect session at Wix with the visitor's token, the PKCE verifier kept in
 * a short-lived HttpOnly cookie, and the browser sent to Wix's login page.
 */
import { memberAuth } from '../../../lib/wix-server'

export function GET(request: Request) {
  const returnTo = new URL(request.url).searchParams.get('returnTo') ?? '/'
  return memberAuth().login(request, { returnTo })
}
