/**
 * The session record as cookies, the same for the browser store and for a server: the
 * record's JSON, as UTF-8, in base64url behind a prefix naming that encoding, in one
 * cookie when it fits under the browser's 4,096 bytes and in numbered chunks
 * (`<name>.0`, `<name>.1`, …, see cookie-chunks.ts) when it does not. Pure, with Web APIs
 * only (no `Buffer`), so it runs in browsers, Node and edge runtimes.
 *
 * Reading never throws: cookies are written by anyone who shares the site, so whatever
 * is found becomes a record to validate, nothing, or a reason it is corrupt.
 */

import { fromBase64Url, toBase64Url } from './base64url'
import { joinChunks, MAX_COOKIE_CHUNKS, splitValue } from './cookie-chunks'
import {
  byteLength,
  COOKIE_SIZE_LIMIT,
  type CookieAttributes,
  checkCookieName,
  expiredCookie,
  serializeCookie,
} from './cookie-header'
import type { SessionRecord } from './store'

/**
 * The cookie a session is kept in when the app names none. Two apps (two client IDs) on
 * one site need a name each.
 *
 * @example
 * ```ts
 * const hasSession = document.cookie.includes(`${DEFAULT_COOKIE_NAME}=`)
 * ```
 */
export const DEFAULT_COOKIE_NAME = 'headless-session'

/**
 * Starts every value this build writes: base64url of the record's UTF-8 JSON, format 1. A
 * later format gets another prefix, so a reader can tell which one it holds.
 */
export const COOKIE_VALUE_PREFIX = 'b64u.'

export { MAX_COOKIE_CHUNKS }

/** The longest value read, all chunks together: more cannot have been written here. */
const MAX_VALUE_LENGTH = MAX_COOKIE_CHUNKS * COOKIE_SIZE_LIMIT

/** Cookies by name: a parsed `Cookie` header (a `Map`) or a plain object of them. */
export type CookieJar = ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>

/** One cookie to write. */
export interface SessionCookie {
  name: string
  value: string
}

/** What to do to the cookies to store a record, or to forget it. */
export interface SessionCookieWrite {
  /** The cookies to set (one, or the chunks in order). */
  set: SessionCookie[]
  /** Session cookies present that must go: the other form, or chunks past the new count. */
  remove: string[]
  /** The `Set-Cookie` values for both, writes first: a reader in between never finds nothing. */
  headers: string[]
}

/** What a set of cookies holds. */
export type SessionCookieRead =
  | { kind: 'empty' }
  /** A JSON object, not yet validated: the session checks it as it checks every store's record. */
  | { kind: 'record'; value: Record<string, unknown> }
  /** Present but unreadable; `reason` never quotes the cookie. */
  | { kind: 'corrupt'; reason: string }

export interface SessionCookieOptions {
  /** Default `headless-session`. */
  name?: string
  /** The attributes every cookie is written (and deleted) with. */
  attributes?: CookieAttributes
}

/**
 * The cookies that store `record`, given the cookies present now (`jar`), so that stale
 * ones are removed: one cookie removes every chunk, N chunks remove the single cookie and
 * any chunk from N on. Throws a `RangeError` when the record needs more than
 * `MAX_COOKIE_CHUNKS` cookies.
 */
export function encodeSessionCookies(
  record: SessionRecord,
  jar: CookieJar,
  options: SessionCookieOptions = {},
): SessionCookieWrite {
  const name = options.name ?? DEFAULT_COOKIE_NAME
  const attributes = options.attributes ?? {}
  checkCookieName(name)
  const value = `${COOKIE_VALUE_PREFIX}${toBase64Url(new TextEncoder().encode(JSON.stringify(record)))}`
  const fits = byteLength(serializeCookie(name, value, attributes)) <= COOKIE_SIZE_LIMIT
  const set = fits ? [{ name, value }] : chunked(name, value, attributes)
  const written = new Set(set.map((cookie) => cookie.name))
  const remove = sessionCookieNames(jar, name).filter((present) => !written.has(present))
  return {
    set,
    remove,
    headers: [
      ...set.map((cookie) => serializeCookie(cookie.name, cookie.value, attributes)),
      ...remove.map((stale) => expiredCookie(stale, attributes)),
    ],
  }
}

/** The cookies that forget the stored record: every session cookie present in `jar`. */
export function removeSessionCookies(
  jar: CookieJar,
  options: SessionCookieOptions = {},
): SessionCookieWrite {
  const remove = sessionCookieNames(jar, options.name ?? DEFAULT_COOKIE_NAME)
  return {
    set: [],
    remove,
    headers: remove.map((stale) => expiredCookie(stale, options.attributes)),
  }
}

/** Names of the session's cookies in `jar`: the single one and every numbered chunk. */
export function sessionCookieNames(jar: CookieJar, name = DEFAULT_COOKIE_NAME): string[] {
  return namesOf(jar).filter((key) => key === name || chunkIndex(key, name) !== null)
}

/**
 * The record held by the session cookies in `jar`. Never throws. When the single cookie
 * and chunks are both present (a write whose clean-up did not reach a cookie of another
 * path), the readable one wins, and of two readable ones the later `savedAt`.
 */
export function decodeSessionCookies(
  jar: CookieJar,
  name = DEFAULT_COOKIE_NAME,
): SessionCookieRead {
  const single = lookup(jar, name)
  // Only chunks that can be read are collected; any other chunk name still counts as present.
  const chunks = new Map<number, string>()
  let chunked = false
  for (const key of namesOf(jar)) {
    const index = chunkIndex(key, name)
    if (index === null) continue
    chunked = true
    if (index < MAX_COOKIE_CHUNKS) chunks.set(index, lookup(jar, key) ?? '')
  }
  if (single === undefined && !chunked) return { kind: 'empty' }
  const candidates: SessionCookieRead[] = []
  if (single !== undefined) candidates.push(decodeValue(single, COOKIE_SIZE_LIMIT))
  if (chunked) {
    const joined = joinChunks(chunks)
    candidates.push(
      'reason' in joined ? corrupt(joined.reason) : decodeValue(joined.value, MAX_VALUE_LENGTH),
    )
  }
  return pickLatest(candidates)
}

/**
 * What a `SessionStore`'s `get()` returns for a read: the record object, `undefined` for
 * nothing, or a text the session reports as a `corrupt_record` warning (and replaces).
 */
export function storedValue(read: SessionCookieRead): unknown {
  if (read.kind === 'empty') return undefined
  if (read.kind === 'record') return read.value
  return `unreadable session cookie: ${read.reason}`
}

function chunked(name: string, value: string, attributes: CookieAttributes): SessionCookie[] {
  // Room for a chunk's value beside the longest chunk name and every attribute. The value
  // is ASCII (the prefix and base64url), so characters are bytes.
  const overhead = byteLength(serializeCookie(`${name}.${MAX_COOKIE_CHUNKS - 1}`, '', attributes))
  return splitValue(value, COOKIE_SIZE_LIMIT - overhead).map((chunk, index) => ({
    name: `${name}.${index}`,
    value: chunk,
  }))
}

/** One strict decoder for every read: a server reads a cookie on every request. */
let utf8: TextDecoder | undefined

function decodeValue(value: string, maxLength: number): SessionCookieRead {
  if (value.length > maxLength) return corrupt('it is longer than this build ever writes')
  if (!value.startsWith(COOKIE_VALUE_PREFIX)) return corrupt('its encoding is unknown')
  const bytes = fromBase64Url(value.slice(COOKIE_VALUE_PREFIX.length))
  if (bytes === null) return corrupt('it is not base64url')
  let text: string
  try {
    utf8 ??= new TextDecoder('utf-8', { fatal: true })
    text = utf8.decode(bytes)
  } catch {
    return corrupt('it is not UTF-8')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return corrupt('it is not JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return corrupt('it is not a record object')
  }
  return { kind: 'record', value: parsed as Record<string, unknown> }
}

function pickLatest(candidates: SessionCookieRead[]): SessionCookieRead {
  let best: SessionCookieRead | undefined
  for (const candidate of candidates) {
    if (best === undefined || (candidate.kind === 'record' && savedAt(candidate) > savedAt(best))) {
      best = candidate
    }
  }
  return best ?? { kind: 'empty' }
}

function savedAt(read: SessionCookieRead): number {
  if (read.kind !== 'record') return Number.NEGATIVE_INFINITY
  const { savedAt: at } = read.value
  return typeof at === 'number' && Number.isFinite(at) ? at : Number.MIN_SAFE_INTEGER
}

function corrupt(reason: string): SessionCookieRead {
  return { kind: 'corrupt', reason }
}

/** `3` for `<name>.3`; null for any other name (`<name>.03`, `<name>.x`, another cookie). */
function chunkIndex(key: string, name: string): number | null {
  if (key.length <= name.length + 1 || !key.startsWith(`${name}.`)) return null
  const suffix = key.slice(name.length + 1)
  if (!/^(?:0|[1-9][0-9]*)$/.test(suffix)) return null
  // Any index of more than a few digits is out of range; no need to read it precisely.
  return suffix.length > 6 ? Number.MAX_SAFE_INTEGER : Number(suffix)
}

/** Names that hold a cookie: in a plain object, own keys with a string value. */
function namesOf(jar: CookieJar): string[] {
  if (jar instanceof Map) return [...jar.keys()]
  return Object.keys(jar).filter((key) => lookup(jar, key) !== undefined)
}

/** Own string values only: `constructor` or `__proto__` in a plain object is not a cookie. */
function lookup(jar: CookieJar, name: string): string | undefined {
  if (jar instanceof Map) return jar.get(name)
  const record = jar as Readonly<Record<string, unknown>>
  const value = Object.hasOwn(record, name) ? record[name] : undefined
  return typeof value === 'string' ? value : undefined
}
