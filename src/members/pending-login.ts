/**
 * The pending login: what a login started in this browser (or for this request) must
 * remember across the full-page trip to Wix and back, the PKCE verifier and `state`
 * above all. It is single-use and short-lived, and read back as untrusted data.
 */

/** The format version of a pending login. */
export const PENDING_LOGIN_VERSION = 1

/**
 * How long a login may take from `loginUrl()` to `completeLogin()`. Long enough for a
 * member to find their password; short enough that a verifier left behind by an abandoned
 * login is soon worthless.
 *
 * @example
 * ```ts
 * createMemberAuth(session, { redirectUri, pendingLoginLifetime: DEFAULT_PENDING_LOGIN_LIFETIME_MS / 2 })
 * ```
 */
export const DEFAULT_PENDING_LOGIN_LIFETIME_MS = 10 * 60 * 1000

/**
 * A login on its way: kept by `loginUrl()`, consumed by `completeLogin()`.
 *
 * @example
 * ```ts
 * const pending = (await myStore.get()) as PendingLogin | undefined
 * if (pending && pending.expiresAt < Date.now()) await myStore.delete()
 * ```
 */
export interface PendingLogin {
  v: typeof PENDING_LOGIN_VERSION
  /** The OAuth `state` sent to Wix; the callback must bring it back. */
  state: string
  /** The PKCE code verifier; its challenge went to Wix. */
  codeVerifier: string
  /** The `redirectUri` of the login; `null` for a `web_message` login. */
  redirectUri: string | null
  /** Where the app goes once logged in: a path on the app's own origin. */
  returnTo: string
  createdAt: number
  expiresAt: number
}

/**
 * Where pending logins are kept. In a browser the default is `sessionStorage`: it
 * survives the navigation to Wix and back in the same tab, is seen by no other tab, and
 * goes when the tab closes. On a server, keep it per visitor (a short-lived HttpOnly
 * cookie, see `headless-session/server`); never in a variable every visitor shares.
 *
 * @example
 * ```ts
 * // Node: one visitor's pending login in that visitor's own server-side record.
 * const pendingLogin: PendingLoginStore = {
 *   get: () => visitorRecord.pendingLogin,
 *   set: (login) => { visitorRecord.pendingLogin = login },
 *   delete: () => { visitorRecord.pendingLogin = undefined },
 * }
 * const members = createMemberAuth(session, { redirectUri, pendingLogin })
 * ```
 */
export interface PendingLoginStore {
  /** The value last set, or `undefined`. May be anything: it is checked before use. */
  get(): unknown | Promise<unknown>
  set(login: PendingLogin): void | Promise<void>
  delete(): void | Promise<void>
}

/** The `sessionStorage` store for `clientId`, or `undefined` where there is none. */
export function sessionStoragePendingLogins(clientId: string): PendingLoginStore | undefined {
  let storage: Storage | undefined
  try {
    storage = globalThis.sessionStorage
  } catch {
    // A sandboxed frame or blocked storage throws on access.
    return undefined
  }
  if (storage === undefined) return undefined
  const key = `headless-session:pending-login:${clientId}`
  return {
    get: () => {
      const text = storage.getItem(key)
      if (text === null) return undefined
      try {
        return JSON.parse(text) as unknown
      } catch {
        return text
      }
    },
    set: (login) => storage.setItem(key, JSON.stringify(login)),
    delete: () => storage.removeItem(key),
  }
}

const MAX_FIELD_LENGTH = 2048

/** The pending login in `value`, rebuilt field by field, or `null` if it is not one. */
export function parsePendingLogin(value: unknown): PendingLogin | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  const { v, state, codeVerifier, redirectUri, returnTo, createdAt, expiresAt } = record
  if (v !== PENDING_LOGIN_VERSION) return null
  if (!isText(state) || !isText(codeVerifier) || !isText(returnTo)) return null
  if (redirectUri !== null && !isText(redirectUri)) return null
  if (!isTime(createdAt) || !isTime(expiresAt)) return null
  return { v, state, codeVerifier, redirectUri, returnTo, createdAt, expiresAt }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD_LENGTH
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
