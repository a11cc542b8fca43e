/**
 * What `createServerSessions()` takes, its defaults and why each default is what it is.
 */
import type { TokenRequestEncoding } from '../actors/token-endpoint'
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_TOKEN_URL } from '../options'
import { DEFAULT_COOKIE_NAME } from '../storage/cookie-codec'
import {
  type CookieSameSite,
  checkCookieAttributes,
  checkCookieName,
} from '../storage/cookie-header'
import { DEFAULT_COOKIE_MAX_AGE_SECONDS } from '../storage/cookie-store'

/**
 * How long before its expiry a server stops using an access token and refreshes it
 * first: 60 s, so that a token handed to a request does not expire while the request
 * renders and calls Wix. Shrunk to a quarter of a short-lived token's lifetime, which keeps
 * it below the browser session's refresh margin (5 minutes, or half the lifetime): while a
 * page of the site is open, the browser refreshes first, and the server finds the new
 * tokens in the cookie instead of spending the same refresh token.
 *
 * @example
 * ```ts
 * createServerSessions({ clientId, refreshMargin: 2 * SERVER_REFRESH_MARGIN_MS })
 * ```
 */
export const SERVER_REFRESH_MARGIN_MS = 60_000

/**
 * How long the result of a refresh is kept for requests that still carry the cookie it
 * replaced: 30 s. A browser stores the new cookie when the response arrives; requests it
 * sent before (parallel fetches, prefetches, other tabs) arrive with the old cookie, whose
 * refresh token is already spent when Wix rotates refresh tokens. They get the new tokens
 * without a request, instead of a refused refresh that would replace the visitor or end
 * the member. Such requests arrive within a round trip; 30 s also covers slow mobile
 * networks, while a stolen old cookie gains nothing it did not have before the refresh.
 *
 * @example
 * ```ts
 * createServerSessions({ clientId, spentTokenWindow: SPENT_TOKEN_WINDOW_MS / 2 })
 * ```
 */
export const SPENT_TOKEN_WINDOW_MS = 30_000

/**
 * The most refreshes one `createServerSessions()` instance tracks at once, in flight and
 * recently spent, each. Past it, the oldest spent result is forgotten, and a refresh in
 * flight is simply not shared, so memory stays bounded whatever the traffic: 1,000 refreshes
 * within 30 s is a process serving hundreds of thousands of visitors.
 *
 * @example
 * ```ts
 * createServerSessions({ clientId, maxSharedRefreshes: MAX_SHARED_REFRESHES * 10 })
 * ```
 */
export const MAX_SHARED_REFRESHES = 1_000

/**
 * The session cookie as a server writes it. The defaults match `createCookieStore()`'s,
 * so the browser session and the server read and write one cookie.
 *
 * @example
 * ```ts
 * const cookie: ServerCookieOptions = { name: '__Host-session', secure: true, sameSite: 'lax' }
 * createServerSessions({ clientId, cookie })
 * ```
 */
export interface ServerCookieOptions {
  /** Default `headless-session` (chunks add `.0`, `.1`, …). */
  name?: string
  /** Seconds the browser keeps the cookie after each write. Default 30 days. */
  maxAge?: number
  /** Default: true when the request's URL is `https:`. Set it behind a proxy that ends TLS. */
  secure?: boolean
  /** Default `lax`. */
  sameSite?: CookieSameSite
  /** Default: this host only. */
  domain?: string
  /** Default `/`. */
  path?: string
  /**
   * Hide the cookie from the page's scripts. Only for apps whose browser never holds the
   * tokens: a browser session with `createCookieStore()` cannot read or rewrite it.
   * Default false.
   */
  httpOnly?: boolean
}

/**
 * Everything `createServerSessions()` accepts. Only `clientId` is required.
 *
 * @example
 * ```ts
 * const options: ServerSessionsOptions = {
 *   clientId: process.env.WIX_CLIENT_ID ?? '',
 *   cookie: { secure: true },
 * }
 * const sessions = createServerSessions(options)
 * ```
 */
export interface ServerSessionsOptions {
  /** Your Wix Headless OAuth app's client ID. */
  clientId: string
  /** Default: Wix's `https://www.wixapis.com/oauth2/token`. */
  tokenUrl?: string
  cookie?: ServerCookieOptions
  /** The fetch token requests go through. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Epoch milliseconds; every expiry decision goes through it. Default `Date.now`. */
  now?: () => number
  /** Milliseconds before an unanswered token request is abandoned. Default 10 s. */
  requestTimeout?: number
  /** Token request body: `json` (the default) or `form`. */
  encoding?: TokenRequestEncoding
  /** See SERVER_REFRESH_MARGIN_MS. */
  refreshMargin?: number
  /** See SPENT_TOKEN_WINDOW_MS; 0 keeps no spent results. */
  spentTokenWindow?: number
  /** See MAX_SHARED_REFRESHES. */
  maxSharedRefreshes?: number
}

export interface ResolvedServerOptions {
  clientId: string
  tokenUrl: string
  cookieName: string
  cookie: Omit<ServerCookieOptions, 'name'> & { maxAge: number }
  fetch: typeof globalThis.fetch | undefined
  now: () => number
  requestTimeout: number
  encoding: TokenRequestEncoding
  refreshMargin: number
  spentTokenWindow: number
  maxSharedRefreshes: number
}

export function resolveServerOptions(options: ServerSessionsOptions): ResolvedServerOptions {
  if (typeof options?.clientId !== 'string' || options.clientId.trim() === '') {
    throw new TypeError('headless-session: `clientId` must be a non-empty string')
  }
  const { name = DEFAULT_COOKIE_NAME, ...attributes } = options.cookie ?? {}
  checkCookieName(name)
  const cookie = { ...attributes, maxAge: attributes.maxAge ?? DEFAULT_COOKIE_MAX_AGE_SECONDS }
  checkCookieAttributes(cookie)
  if (cookie.maxAge < 1) {
    throw new TypeError('headless-session: the session cookie needs a `maxAge` of 1 second or more')
  }
  const encoding = options.encoding ?? 'json'
  if (encoding !== 'json' && encoding !== 'form') {
    throw new TypeError("headless-session: `encoding` must be 'json' or 'form'")
  }
  return {
    clientId: options.clientId,
    tokenUrl: options.tokenUrl ?? DEFAULT_TOKEN_URL,
    cookieName: name,
    cookie,
    fetch: options.fetch,
    now: options.now ?? Date.now,
    requestTimeout: bounded(
      'requestTimeout',
      options.requestTimeout,
      DEFAULT_REQUEST_TIMEOUT_MS,
      1,
    ),
    encoding,
    refreshMargin: bounded('refreshMargin', options.refreshMargin, SERVER_REFRESH_MARGIN_MS, 0),
    spentTokenWindow: bounded(
      'spentTokenWindow',
      options.spentTokenWindow,
      SPENT_TOKEN_WINDOW_MS,
      0,
    ),
    maxSharedRefreshes: Math.floor(
      bounded('maxSharedRefreshes', options.maxSharedRefreshes, MAX_SHARED_REFRESHES, 1),
    ),
  }
}

function bounded(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`headless-session: \`${name}\` must be a finite number of ${min} or more`)
  }
  return value
}
