/**
 * The session cookie on a server: read from a request's `Cookie` header, written as
 * `Set-Cookie` values with the codec the browser's cookie store uses (so both read one
 * cookie), and the `Cookie` header a request would carry once the browser has stored them.
 */
import {
  decodeSessionCookies,
  encodeSessionCookies,
  MAX_COOKIE_CHUNKS,
  removeSessionCookies,
  type SessionCookieWrite,
  storedValue,
} from '../storage/cookie-codec'
import { type CookieAttributes, parseCookieHeader } from '../storage/cookie-header'
import { type DecodedRecord, decodeRecord } from '../storage/record'
import type { SessionRecord } from '../storage/store'
import type { ResolvedServerOptions } from './options'

/**
 * What a server session needs of a request: its headers (for `Cookie`) and, to choose
 * `Secure` by default, its URL. A `Request`, Next.js's `NextRequest`, or an adapter's
 * object from Node's `IncomingMessage`.
 *
 * @example
 * ```ts
 * // Node's http module, without a framework:
 * const request: ServerRequest = {
 *   url: `https://${incoming.headers.host}${incoming.url}`,
 *   headers: new Headers({ cookie: incoming.headers.cookie ?? '' }),
 * }
 * ```
 */
export interface ServerRequest {
  readonly headers: { get(name: string): string | null }
  readonly url?: string
}

/** The request's cookies and the attributes cookies written for it get. */
export interface CookieContext {
  /** The `Cookie` header as it came. */
  raw: string
  jar: Map<string, string>
  /** Worked out only when a cookie is written: most requests write none. */
  readonly attributes: CookieAttributes
}

export function cookieContext(
  config: ResolvedServerOptions,
  request: ServerRequest | undefined,
): CookieContext {
  const raw = request?.headers.get('cookie') ?? ''
  const jar = request ? parseCookieHeader(raw) : everyForm(config.cookieName)
  let attributes: CookieAttributes | undefined
  return {
    raw,
    jar,
    get attributes() {
      const { secure = isHttps(request?.url), ...rest } = config.cookie
      attributes ??= { ...rest, secure }
      return attributes
    },
  }
}

/** The record the request's session cookies hold, decoded and validated for this client. */
export function storedRecord(config: ResolvedServerOptions, context: CookieContext): DecodedRecord {
  return decodeRecord(
    storedValue(decodeSessionCookies(context.jar, config.cookieName)),
    config.clientId,
  )
}

/** The cookies that store `record` for this request, removing the stale forms it carries. */
export function writeRecord(
  config: ResolvedServerOptions,
  context: CookieContext,
  record: SessionRecord,
): SessionCookieWrite {
  return encodeSessionCookies(record, context.jar, {
    name: config.cookieName,
    attributes: context.attributes,
  })
}

/** The cookies that remove every form of the session cookie the request carries. */
export function removeRecord(
  config: ResolvedServerOptions,
  context: CookieContext,
): SessionCookieWrite {
  return removeSessionCookies(context.jar, {
    name: config.cookieName,
    attributes: context.attributes,
  })
}

/**
 * The `Cookie` header `request` would carry had the browser already stored `setCookie`:
 * what to forward to the code that renders the same request (Next.js server components
 * read the request's cookies, not the response's). Cookies the values do not touch are
 * kept byte for byte; deleted ones (`Max-Age=0`) are left out.
 *
 * @example
 * ```ts
 * const setCookie = sessions.cookieFor(memberTokens, { request })
 * const headers = new Headers(request.headers)
 * headers.set('cookie', requestCookieHeader(request, setCookie))
 * ```
 */
export function requestCookieHeader(
  request: ServerRequest | string | null | undefined,
  setCookie: readonly string[],
): string {
  const raw = typeof request === 'string' ? request : (request?.headers.get('cookie') ?? '')
  if (setCookie.length === 0) return raw
  /** The new value of each cookie set, or null for one deleted. */
  const changes = new Map<string, string | null>()
  for (const header of setCookie) {
    const [pair = '', ...attributes] = header.split(';')
    const equals = pair.indexOf('=')
    const name = pair.slice(0, Math.max(0, equals)).trim()
    if (name === '') continue
    const deleted = attributes.some((attribute) => {
      const maxAge = /^\s*max-age\s*=\s*(-?\d+)\s*$/i.exec(attribute)
      return maxAge !== null && Number(maxAge[1]) <= 0
    })
    changes.set(name, deleted ? null : pair.slice(equals + 1).trim())
  }
  const kept = raw
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && !changes.has(pair.slice(0, pair.indexOf('=')).trim()))
  for (const [name, value] of changes) if (value !== null) kept.push(`${name}=${value}`)
  return kept.join('; ')
}

/**
 * Without a request, which forms of the cookie the browser holds is unknown: every one is
 * taken as present, so a write removes whichever it does not use.
 */
function everyForm(name: string): Map<string, string> {
  const names = [
    name,
    ...Array.from({ length: MAX_COOKIE_CHUNKS }, (_, index) => `${name}.${index}`),
  ]
  return new Map(names.map((cookie) => [cookie, '']))
}

function isHttps(url: string | undefined): boolean {
  try {
    return url !== undefined && new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}
