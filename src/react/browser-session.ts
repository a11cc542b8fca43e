/**
 * One session per browser, none on the server. A client component's module is evaluated on
 * the server too, for every request, in one process shared by every visitor: a session
 * created there at module level would be one store for all of them. The getter made here
 * creates the session on its first call in a browser and never on a server.
 * ref: https://github.com/pmndrs/zustand/issues/182
 */

/**
 * Options of `defineBrowserSession()`.
 *
 * @example
 * ```ts
 * // In a test: a "browser" without touching globals.
 * const getSession = defineBrowserSession(create, { isBrowser: () => true })
 * ```
 */
export interface BrowserSessionOptions {
  /** Whether this is a browser page. Default: a `window` with a `document` exists. */
  isBrowser?: () => boolean
}

/**
 * A getter for the one session of this browser: the first call in a browser runs `create`
 * (typically `() => createSession({ … }).start()`), later calls give the same session; on
 * a server every call gives `null` and `create` never runs, so no request can hold, start
 * or see another visitor's session. Call the getter in a client component and hand what it
 * gives to `useSession()`, which renders the server snapshot for `null`.
 *
 * @example
 * ```ts
 * // lib/session.ts (imported by client components)
 * import { createCookieStore, createSession } from 'headless-session'
 * import { defineBrowserSession } from 'headless-session/react'
 *
 * export const getSession = defineBrowserSession(() =>
 *   createSession({ clientId: 'my-wix-client-id', storage: createCookieStore() }).start(),
 * )
 *
 * // in a client component
 * const role = useSession(getSession(), (snapshot) => snapshot.role, { serverSnapshot })
 * ```
 */
export function defineBrowserSession<S>(
  create: () => S,
  options: BrowserSessionOptions = {},
): () => S | null {
  if (typeof create !== 'function') {
    throw new TypeError(
      'headless-session/react: defineBrowserSession() takes a function that creates the session',
    )
  }
  const isBrowser = options.isBrowser ?? hasDocument
  let session: { value: S } | null = null
  return () => {
    if (!isBrowser()) return null
    // Kept only once `create` returns: a create that throws is tried again on the next call.
    session ??= { value: create() }
    return session.value
  }
}

function hasDocument(): boolean {
  return typeof window !== 'undefined' && typeof window.document !== 'undefined'
}
