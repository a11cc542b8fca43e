/**
 * The session middleware of Wix's `nextjs/commerce` template, written out by hand as its
 * users run it (server-sessions.md): the cookie `wix-session` holds the whole `@wix/sdk`
 * `Tokens` JSON. A request without it mints a visitor; one whose
 * `accessToken.expiresAt < now` renews with the real `@wix/sdk`, and when the renewal
 * fails mints a new visitor in its place (which, as the template says, logs members out).
 * The tokens go into the response cookie (12 days) and, in Next.js, into the request's
 * cookies too, so the server components of the same request see them: here the caller
 * gets them back directly. Nothing is shared between concurrent requests.
 */
import { OAuthStrategy, type Tokens } from '@wix/sdk'
import { readCookie, setCookie } from './template-cookies'

export const WIX_SESSION_COOKIE = 'wix-session'
const MAX_AGE_S = 60 * 60 * 24 * 12

/** What the middleware leaves for the rest of the request. */
export interface TemplateSession {
  accessToken: string
  setCookie: string[]
}

export interface TemplateOptions {
  clientId: string
  /** Headers for `@wix/sdk`'s token requests (the bench routes them to a mock by header). */
  tokenRequestHeaders?: Record<string, string>
}

export function createCommerceMiddleware(options: TemplateOptions) {
  const auth = () =>
    OAuthStrategy({
      clientId: options.clientId,
      tokenRequestOptions: { headers: options.tokenRequestHeaders ?? {} },
    })
  const answer = (tokens: Tokens): TemplateSession => ({
    accessToken: tokens.accessToken.value,
    setCookie: [setCookie(WIX_SESSION_COOKIE, JSON.stringify(tokens), MAX_AGE_S)],
  })

  return async function commerceMiddleware(request: Request): Promise<TemplateSession> {
    const cookie = readCookie(request.headers.get('cookie'), WIX_SESSION_COOKIE)
    if (cookie === undefined) return answer(await auth().generateVisitorTokens())
    // No validation: a damaged cookie throws here, as in the template.
    const session = JSON.parse(cookie) as Tokens
    if (session.accessToken.expiresAt >= Math.floor(Date.now() / 1000)) {
      return { accessToken: session.accessToken.value, setCookie: [] }
    }
    try {
      return answer(await auth().renewToken(session.refreshToken))
    } catch {
      // "will log out members": a new visitor replaces whoever held the cookie.
      return answer(await auth().generateVisitorTokens())
    }
  }
}
