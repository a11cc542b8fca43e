/**
 * Cookies as HTTP carries them: reading a `Cookie` header (or `document.cookie`, which has
 * the same `a=b; c=d` shape) and writing one `Set-Cookie` value. Pure functions with no
 * DOM, so the browser store and a server (Node, edge runtimes) share them.
 */

/** Which cross-site requests carry the cookie (RFC 6265bis `SameSite`). */
export type CookieSameSite = 'lax' | 'strict' | 'none'

/** The attributes of a `Set-Cookie` value. */
export interface CookieAttributes {
  /** Default `/`. */
  path?: string
  /** Omitted by default: the cookie belongs to the exact host that set it. */
  domain?: string
  /** Seconds until the browser forgets the cookie; 0 deletes it. Omitted: a session cookie. */
  maxAge?: number
  /** Default `lax`. */
  sameSite?: CookieSameSite
  secure?: boolean
  httpOnly?: boolean
}

/**
 * The most a browser keeps of one cookie, in bytes. RFC 6265 asks browsers to accept at
 * least 4,096 bytes of name, value and attributes together; some count only name and
 * value, so counting everything is what every browser accepts.
 */
export const COOKIE_SIZE_LIMIT = 4096

// ref: https://www.rfc-editor.org/rfc/rfc9110#name-tokens (a cookie name is a token)
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// ref: https://www.rfc-editor.org/rfc/rfc6265#section-4.1.1 (cookie-octet)
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/
/** Printable ASCII without `;`: what an attribute value may hold. */
const ATTRIBUTE_VALUE = /^[\x20-\x3A\x3C-\x7E]+$/
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/
const SAME_SITE: Readonly<Record<CookieSameSite, string>> = {
  lax: 'Lax',
  strict: 'Strict',
  none: 'None',
}

/**
 * The cookies in a `Cookie` header or in `document.cookie`, by name. Tolerant, because the
 * header holds every cookie of the site, most of them written by others: pairs without `=`
 * or a name are skipped; a value in double quotes loses them; a percent-encoded value is
 * decoded (and kept as it is when it does not decode). A name that appears twice keeps its
 * first value, the one with the longest path, which is the one the page itself sees first.
 * A `Map`, so a cookie named `__proto__` or `constructor` is just a name.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (typeof header !== 'string') return cookies
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=')
    if (equals < 0) continue
    const name = pair.slice(0, equals).trim()
    if (name === '' || cookies.has(name)) continue
    cookies.set(name, unquote(pair.slice(equals + 1).trim()))
  }
  return cookies
}

function unquote(value: string): string {
  const bare = value.length >= 2 && value.startsWith('"') && value.endsWith('"')
  const text = bare ? value.slice(1, -1) : value
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * One `Set-Cookie` value (also what `document.cookie = …` takes). Throws a `TypeError`
 * for a name, value or attribute a browser would reject or misread: a cookie silently
 * dropped by the browser would lose the session without a word.
 */
export function serializeCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  checkCookieName(name)
  if (!COOKIE_OCTETS.test(value)) {
    throw new TypeError(
      `headless-session: the value of cookie ${name} has characters a cookie may not hold`,
    )
  }
  checkCookieAttributes(attributes)
  const parts = [`${name}=${value}`, `Path=${attributes.path ?? '/'}`]
  if (attributes.domain !== undefined) parts.push(`Domain=${attributes.domain}`)
  if (attributes.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(attributes.maxAge)}`)
  parts.push(`SameSite=${SAME_SITE[attributes.sameSite ?? 'lax']}`)
  // SameSite=None is only kept on a Secure cookie.
  if (attributes.secure || attributes.sameSite === 'none') parts.push('Secure')
  if (attributes.httpOnly) parts.push('HttpOnly')
  return parts.join('; ')
}

/** The `Set-Cookie` value that makes the browser forget `name` (same path and domain). */
export function expiredCookie(name: string, attributes: CookieAttributes = {}): string {
  return serializeCookie(name, '', { ...attributes, maxAge: 0 })
}

/** Throws a `TypeError` unless `name` is a valid cookie name. */
export function checkCookieName(name: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new TypeError(
      `headless-session: ${JSON.stringify(String(name)).slice(0, 80)} is not a valid cookie name`,
    )
  }
}

/** Throws a `TypeError` for an attribute a browser would reject or that would split the header. */
export function checkCookieAttributes(attributes: CookieAttributes): void {
  const { path, domain, maxAge, sameSite } = attributes
  if (path !== undefined && (typeof path !== 'string' || !ATTRIBUTE_VALUE.test(path))) {
    throw new TypeError('headless-session: a cookie `path` must be printable ASCII without `;`')
  }
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain))) {
    throw new TypeError('headless-session: a cookie `domain` must be a host name, e.g. example.com')
  }
  if (
    maxAge !== undefined &&
    (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0)
  ) {
    throw new TypeError(
      'headless-session: a cookie `maxAge` must be a number of seconds, 0 or more',
    )
  }
  if (sameSite !== undefined && !Object.hasOwn(SAME_SITE, sameSite)) {
    throw new TypeError("headless-session: a cookie `sameSite` must be 'lax', 'strict' or 'none'")
  }
  // Browsers drop a SameSite=None cookie that is not Secure, without an error.
  if (sameSite === 'none' && attributes.secure === false) {
    throw new TypeError("headless-session: a cookie with `sameSite: 'none'` must be `secure`")
  }
}

/** UTF-8 bytes of `text`: what the browser's 4,096-byte limit counts. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}
