/**
 * Cookies the way a Next.js app of Wix's templates reads and writes them: `request.cookies`
 * splits the `Cookie` header and percent-decodes each value; `response.cookies.set()`
 * percent-encodes the value and adds `Path=/` and the `Max-Age` given. No `SameSite`, no
 * `HttpOnly`, no `Secure`, as in the templates (server-sessions.md).
 */

/** The value of cookie `name` in a `Cookie` header, percent-decoded; `undefined` if absent. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined
  for (const pair of header.split(/; */)) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals) !== name) continue
    const value = pair.slice(equals + 1)
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}

/** A `Set-Cookie` value as `response.cookies.set(name, value, { maxAge })` writes it. */
export function setCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}`
}

/**
 * The `Cookie` header a browser that had no cookie would send after storing `setCookies`:
 * their names and values, without the deletions (`Max-Age=0`).
 */
export function cookieHeaderOf(setCookies: readonly string[]): string {
  return setCookies
    .filter((value) => !/;\s*max-age=0(;|$)/i.test(value))
    .map((value) => value.split(';')[0])
    .join('; ')
}
