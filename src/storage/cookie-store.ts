/**
 * The session in the page's cookies: seen by every tab of the site and, with each request,
 * by the site's server, which reads and writes the very same cookie (the codec in
 * cookie-codec.ts is shared). Not HttpOnly: the session in the page needs the tokens.
 */
import {
  DEFAULT_COOKIE_NAME,
  decodeSessionCookies,
  encodeSessionCookies,
  removeSessionCookies,
  type SessionCookieWrite,
  sessionCookieNames,
  storedValue,
} from './cookie-codec'
import {
  type CookieAttributes,
  type CookieSameSite,
  checkCookieAttributes,
  checkCookieName,
  parseCookieHeader,
} from './cookie-header'
import { type CookieChangeSources, createCookieWatchers } from './cookie-watch'
import type { SessionStore } from './store'

/**
 * How long the browser keeps the cookie after its last write, in seconds: 30 days. The
 * access token lives 4 hours and is rewritten at every refresh, so while the visitor comes
 * back the cookie never expires; what the figure decides is how long an absent visitor
 * keeps their cart. It is the refresh token that must survive: Wix does not document its
 * lifetime, and one Wix no longer accepts is replaced by a new visitor (with an event), so
 * a cookie that outlives it costs nothing, while one that dies first forgets visitors for
 * nothing. Wix's own templates use 2 to 30 days. A shared computer is the case for less.
 *
 * @example
 * ```ts
 * createCookieStore({ maxAge: DEFAULT_COOKIE_MAX_AGE_SECONDS / 2 }) // 15 days
 * ```
 */
export const DEFAULT_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60

/**
 * How often, in ms, a running session reads the cookies again to notice a session that
 * the site's server (or another tab) wrote, where the browser has no cookie change events
 * (Chromium has them, and needs no polling). Focus, `pageshow` and the page becoming
 * visible also read them at once. One read is one `document.cookie` and a string
 * comparison.
 *
 * @example
 * ```ts
 * createCookieStore({ watchInterval: 2 * DEFAULT_COOKIE_WATCH_INTERVAL_MS })
 * ```
 */
export const DEFAULT_COOKIE_WATCH_INTERVAL_MS = 1_000

/** What the store needs of `document`: its `cookie` property. */
export interface CookieDocument {
  cookie: string
}

/**
 * Options of `createCookieStore()`. Every cookie is written and deleted with the same
 * attributes; a server writing the same cookie should use them too.
 *
 * @example
 * ```ts
 * const options: CookieStoreOptions = { name: 'shop-session', domain: 'shop.example.com', sameSite: 'strict' }
 * const session = createSession({ clientId, storage: createCookieStore(options) })
 * ```
 */
export interface CookieStoreOptions {
  /** The cookie's name (chunks add `.0`, `.1`, …). Default `headless-session`. */
  name?: string
  /** Seconds the browser keeps the cookie after each write. Default 30 days. */
  maxAge?: number
  /** Send the cookie over HTTPS only. Default: true on an `https:` page. */
  secure?: boolean
  /** Default `lax`: sent on top-level navigations from other sites, not on their requests. */
  sameSite?: CookieSameSite
  /** Share the cookie with subdomains of this domain. Default: this host only. */
  domain?: string
  /** Default `/`: every page of the site, and every request to it, carries the session. */
  path?: string
  /**
   * Where cookies are read and written. Default `globalThis.document`. An injected
   * document is watched through its own `visibilitychange` (if it has events) and polling.
   */
  document?: CookieDocument
  /**
   * Milliseconds between reads that notice a cookie written by the server or another tab
   * where the browser has no cookie change events. Default 1,000; 0 reads only on focus
   * and visibility.
   */
  watchInterval?: number
}

/**
 * Create a store that keeps the session in cookies: every tab of the site shares it, and
 * so does the site's server, which gets it with each request (`Cookie`) and may write it
 * back (`Set-Cookie`) in the same format. A record too large for one cookie (4,096 bytes
 * with its attributes) is split into `<name>.0`, `<name>.1`, …; every write removes the
 * chunks it leaves behind.
 *
 * The cookie is readable by the page's script, not `HttpOnly`, because the session in the
 * page reads and refreshes the tokens: an XSS can read it, exactly as it can read
 * IndexedDB or call `session.getAccessToken()` (see docs/cookies.md). Cookies have no
 * atomic read-modify-write, so the store has no `update()`: the session's refresh lock
 * orders its writers. A `document.cookie` that throws (a sandboxed iframe) makes every
 * method reject, and the session carries on from memory with a `storage_fallback` warning;
 * so does a write the browser silently refused (cookies blocked, a `domain` of another
 * site, `secure` on plain HTTP).
 *
 * @example
 * ```ts
 * import { createCookieStore, createSession } from 'headless-session'
 *
 * const session = createSession({
 *   clientId: 'my-wix-client-id',
 *   storage: createCookieStore({ maxAge: 14 * 24 * 60 * 60 }), // the server reads the same cookie
 * }).start()
 * ```
 */
export function createCookieStore(options: CookieStoreOptions = {}): SessionStore {
  const name = options.name ?? DEFAULT_COOKIE_NAME
  checkCookieName(name)
  const fixed: CookieAttributes = {
    path: options.path ?? '/',
    maxAge: options.maxAge ?? DEFAULT_COOKIE_MAX_AGE_SECONDS,
    sameSite: options.sameSite ?? 'lax',
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.secure === undefined ? {} : { secure: options.secure }),
  }
  checkCookieAttributes(fixed)
  // Max-Age=0 would delete the cookie as it is written.
  if ((fixed.maxAge ?? 0) < 1) {
    throw new TypeError('headless-session: the cookie store needs a `maxAge` of 1 second or more')
  }
  const page = (): CookieDocument => {
    const found = options.document ?? (globalThis as { document?: CookieDocument }).document
    if (!found) throw new Error('there is no document whose cookies could hold the session')
    return found
  }
  // Decided at each write, from the page written to: creating a store needs no page.
  const attributes = (): CookieAttributes =>
    fixed.secure === undefined ? { ...fixed, secure: isHttpsPage(options.document) } : fixed
  const read = () => parseCookieHeader(page().cookie)
  const watchInterval = options.watchInterval ?? DEFAULT_COOKIE_WATCH_INTERVAL_MS
  if (!(watchInterval >= 0)) {
    throw new TypeError('headless-session: the cookie store needs a `watchInterval` of 0 or more')
  }
  const watchers = createCookieWatchers(
    () => {
      const jar = read()
      return sessionCookieNames(jar, name)
        .sort()
        .map((cookie) => `${cookie}=${jar.get(cookie)}`)
        .join('; ')
    },
    () => changeSources(options.document),
    watchInterval,
  )
  const write = (plan: SessionCookieWrite) => {
    const target = page()
    for (const header of plan.headers) target.cookie = header
    watchers.wrote()
    const after = read()
    const kept = plan.set.every((cookie) => after.get(cookie.name) === cookie.value)
    const gone = plan.remove.every((stale) => !after.has(stale))
    if (!kept || !gone) throw new Error(refusedWrite(kept))
  }
  return {
    name: 'cookie',
    shared: true,
    get: async () => storedValue(decodeSessionCookies(read(), name)),
    set: async (record) =>
      write(encodeSessionCookies(record, read(), { name, attributes: attributes() })),
    delete: async () => write(removeSessionCookies(read(), { name, attributes: attributes() })),
    watch: watchers.watch,
  }
}

/** The real page's change events, or only what an injected document offers. */
function changeSources(injected: CookieDocument | undefined): CookieChangeSources {
  const events = (target: unknown) =>
    typeof (target as EventTarget | undefined)?.addEventListener === 'function'
      ? (target as EventTarget)
      : undefined
  if (injected) return { document: events(injected) }
  const scope = globalThis as { cookieStore?: unknown; document?: unknown }
  return {
    cookieStore: events(scope.cookieStore),
    window: events(globalThis),
    document: events(scope.document),
  }
}

/** Why a write did not show up in `document.cookie` (never quoting a cookie). */
function refusedWrite(kept: boolean): string {
  return kept
    ? 'a deleted session cookie is still there: one of the same name with another path or domain, or HttpOnly, shadows it'
    : 'the browser refused the session cookie: cookies blocked, a domain or Secure flag not allowed here, or an HttpOnly one of the same name'
}

function isHttpsPage(injected: CookieDocument | undefined): boolean {
  const fromDocument = (injected as { location?: { protocol?: unknown } | null } | undefined)
    ?.location
  const location = fromDocument ?? (globalThis as { location?: { protocol?: unknown } }).location
  return location?.protocol === 'https:'
}
