/**
 * Runs before every page: the request's session from its cookie (a visitor minted on the
 * first visit, a refresh when the token is due, nothing at all otherwise), the new cookie
 * sent to the browser AND forwarded in the request itself, so the server components of
 * this same request render with it instead of minting or refreshing a second time.
 */
import { isServerSessionError, requestCookieHeader } from 'headless-session/server'
import { type NextRequest, NextResponse } from 'next/server'
import { SESSION_ENDED_HEADER } from './lib/request-session'
import { serverSessions } from './lib/wix-server'

export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers)
  headers.delete(SESSION_ENDED_HEADER) // only this proxy may say so
  try {
    const session = await serverSessions().fromRequest(request)
    headers.set('cookie', session.cookieHeader)
    return withCookies(NextResponse.next({ request: { headers } }), session.setCookie)
  } catch (error) {
    if (!isServerSessionError(error)) throw error
    if (error.code === 'member_session_ended') {
      // Wix refused the member's refresh token (logged out elsewhere, removed). Never a
      // quiet new visitor: the page says so and offers to log in again or go on as a
      // visitor. The cookie sent marks the session ended, so the open tabs learn it too.
      headers.set(SESSION_ENDED_HEADER, '1')
      headers.set('cookie', requestCookieHeader(request, error.setCookie))
      return withCookies(NextResponse.next({ request: { headers } }), error.setCookie)
    }
    if (error.retryable) {
      // The token has expired and Wix could not renew it just now. Keep the cookie (the
      // visitor's cart is in it) and ask the browser to come back.
      const response = new NextResponse('Wix is briefly unavailable; try again in a moment.', {
        status: 503,
        headers: { 'retry-after': String(Math.ceil((error.retryAfterMs ?? 5_000) / 1000)) },
      })
      return withCookies(response, error.setCookie)
    }
    throw error // invalid_client: a configuration error, worth a 500
  }
}

function withCookies(response: NextResponse, setCookie: readonly string[]): NextResponse {
  for (const value of setCookie) response.headers.append('set-cookie', value)
  return response
}

export const config = {
  // Pages only: not the assets, and not /auth/*, whose route handlers read the session
  // themselves.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|auth/).*)'],
}
