/**
 * The pending login of a server-side login, in a cookie of its own beside the session
 * cookie: HttpOnly (no script of the page reads the verifier), `SameSite=Lax` (it must come
 * back with Wix's top-level redirect to the callback route), short-lived, and read back as
 * untrusted data.
 */
import { type PendingLogin, parsePendingLogin } from '../members/pending-login'
import { fromBase64Url, toBase64Url } from '../storage/base64url'
import {
  type CookieAttributes,
  expiredCookie,
  parseCookieHeader,
  serializeCookie,
} from '../storage/cookie-header'
import type { ServerRequest } from './cookies'

/** The pending login's cookie, beside the session cookie. */
export const pendingCookieName = (sessionCookie: string) => `${sessionCookie}-login`

/** The `Set-Cookie` value that keeps `pending` for `lifetimeMs`. */
export function pendingCookie(
  name: string,
  pending: PendingLogin,
  attributes: CookieAttributes,
  lifetimeMs: number,
): string {
  const value = toBase64Url(new TextEncoder().encode(JSON.stringify(pending)))
  return serializeCookie(name, value, { ...attributes, maxAge: Math.ceil(lifetimeMs / 1000) })
}

/** The `Set-Cookie` value that forgets the pending login. */
export function clearedPendingCookie(name: string, attributes: CookieAttributes): string {
  return expiredCookie(name, attributes)
}

/** The pending login in the request's cookie, or `null`. */
export function readPending(request: ServerRequest, name: string): PendingLogin | null {
  const value = parseCookieHeader(request.headers.get('cookie')).get(name)
  if (value === undefined || value.length > 4096) return null
  const bytes = fromBase64Url(value)
  if (bytes === null) return null
  try {
    return parsePendingLogin(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    return null
  }
}
