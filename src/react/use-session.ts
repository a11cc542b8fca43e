/**
 * `useSession()`: a session's snapshot in a React component, through
 * `useSyncExternalStore`, with no provider. On a server (and while hydrating) it gives the
 * server snapshot; in the browser it follows the live session. It never starts, stops or
 * otherwise drives a session: creating and starting one is the app's (see
 * `defineBrowserSession()`), so rendering on a server does nothing but render.
 */
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { IDLE_SNAPSHOT } from '../server-snapshot'
import type { Session } from '../session-api'
import type { SessionSnapshot } from '../session-snapshot'
import { type Rendered, rememberSelection } from './selection'

/**
 * What `useSession()` reads from a session: a `Session` from `createSession()`, or
 * anything with its `snapshot` and `subscribe` (e.g. a wrapper in a test).
 *
 * @example
 * ```ts
 * const source: SessionSource = createSession({ clientId: 'my-wix-client-id' })
 * const state = useSession(source, (snapshot) => snapshot.state)
 * ```
 */
export type SessionSource = Pick<Session, 'snapshot' | 'subscribe'>

/**
 * Options of `useSession()`.
 *
 * @example
 * ```ts
 * const options: UseSessionOptions<{ role: TokenRole | null }> = {
 *   serverSnapshot, // what the server rendered with, e.g. snapshotOfTokens(tokens)
 *   isEqual: (a, b) => a.role === b.role,
 * }
 * const { role } = useSession(session, (snapshot) => ({ role: snapshot.role }), options)
 * ```
 */
export interface UseSessionOptions<T> {
  /**
   * The snapshot the server rendered with (e.g. `snapshotOfTokens()` of the request's
   * tokens, passed down as a prop). Used on the server and while hydrating, so the first
   * render in the browser matches the server's HTML; and, until the live session knows
   * who the visitor is (not started, or still reading its stored session), instead of
   * the live snapshot, so the page does not flash an empty state. Default
   * `IDLE_SNAPSHOT`; a server snapshot with no visitor is never shown in place of the live
   * session.
   */
  serverSnapshot?: SessionSnapshot
  /** When two selections are the same, so the component need not render again. Default `Object.is`. */
  isEqual?: (a: T, b: T) => boolean
}

/**
 * The session's snapshot (`state`, `sessionId`, `role`, `expiresAt`, `error`, …), or what
 * a selector picks from it; the component renders again only when that changes (by
 * `Object.is`, or the `isEqual` option). `session` may be `null`, e.g. on a server where
 * `defineBrowserSession()` gives none: the server snapshot is then what it gives.
 *
 * @example
 * ```tsx
 * 'use client'
 * import { useSession } from 'headless-session/react'
 * import { getSession } from './session' // defineBrowserSession(() => createSession(…).start())
 *
 * export function SessionBadge({ serverSnapshot }: { serverSnapshot: SessionSnapshot }) {
 *   const role = useSession(getSession(), (snapshot) => snapshot.role, { serverSnapshot })
 *   const { state } = useSession(getSession(), { serverSnapshot })
 *   return <p data-state={state}>{role === 'member' ? 'Welcome back' : 'Hello, visitor'}</p>
 * }
 * ```
 */
export function useSession(
  session: SessionSource | null | undefined,
  options?: Omit<UseSessionOptions<SessionSnapshot>, 'isEqual'>,
): SessionSnapshot
export function useSession<T>(
  session: SessionSource | null | undefined,
  selector: (snapshot: SessionSnapshot) => T,
  options?: UseSessionOptions<T>,
): T
export function useSession<T>(
  session: SessionSource | null | undefined,
  selectorOrOptions?: ((snapshot: SessionSnapshot) => T) | UseSessionOptions<T>,
  maybeOptions?: UseSessionOptions<T>,
): T {
  checkSource(session)
  const [selector, options] =
    typeof selectorOrOptions === 'function'
      ? [selectorOrOptions, checkOptions<T>(maybeOptions)]
      : [wholeSnapshot as (snapshot: SessionSnapshot) => T, checkOptions<T>(selectorOrOptions)]
  const isEqual = options.isEqual ?? Object.is
  const serverSnapshot = useSameSnapshot(options.serverSnapshot ?? IDLE_SNAPSHOT)
  // Only a server that knew the visitor has something to show while the live session reads.
  const standsIn = serverSnapshot.sessionId !== null

  const subscribe = useCallback(
    // A listener of its own per subscription: two subscriptions (StrictMode mounts twice)
    // never share one, so ending one cannot end the other.
    (onChange: () => void) => (session ? session.subscribe(() => onChange()) : noSubscription),
    [session],
  )
  const live = useMemo(
    () => (session ? liveSnapshot(session, standsIn ? serverSnapshot : null) : null),
    [session, serverSnapshot, standsIn],
  )
  const rendered = useRef<Rendered<T>>(null)
  const [getSnapshot, getServerSnapshot] = useMemo(() => {
    const select = rememberSelection(selector, isEqual, () => rendered.current)
    const onServer = () => select(serverSnapshot)
    return [live ? () => select(live()) : onServer, onServer]
  }, [live, serverSnapshot, selector, isEqual])

  const value = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
  useEffect(() => {
    rendered.current = { value }
  }, [value])
  return value
}

const wholeSnapshot = (snapshot: SessionSnapshot) => snapshot
const noSubscription = () => undefined

/**
 * The live snapshot, or `standIn` while the live session has not yet said who the visitor
 * is. Once it has, the live snapshot is shown from then on, even if the session is later
 * stopped and started again: the server's view is only for the first moments of the page.
 */
function liveSnapshot(session: SessionSource, standIn: SessionSnapshot | null) {
  let known = standIn === null
  return (): SessionSnapshot => {
    const snapshot = session.snapshot
    if (known) return snapshot
    if (standIn !== null && isUndecided(snapshot)) return standIn
    known = true
    return snapshot
  }
}

/** Not started, or still reading the stored session: nothing yet to show instead of the server's view. */
function isUndecided(snapshot: SessionSnapshot): boolean {
  return (
    snapshot.sessionId === null &&
    snapshot.error === null &&
    (snapshot.state === 'idle' || snapshot.state === 'restoring')
  )
}

/**
 * The same object for as long as the fields are the same: a server snapshot passed as a
 * prop is a new object on every render (and after every deserialisation), and each new
 * one would otherwise be a new snapshot to React.
 */
function useSameSnapshot(snapshot: SessionSnapshot): SessionSnapshot {
  const { state, detail, running, sessionId, role, expiresAt, error, online } = snapshot
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fields are the identity.
  return useMemo(
    () => snapshot,
    [state, detail, running, sessionId, role, expiresAt, error?.code, error?.message, online],
  )
}

function checkSource(session: unknown): void {
  if (session === null || session === undefined) return
  const candidate = session as Partial<SessionSource>
  if (typeof candidate.subscribe !== 'function' || typeof candidate.snapshot !== 'object') {
    throw new TypeError(
      'headless-session/react: useSession() takes a session from createSession() (or null on a server)',
    )
  }
}

function checkOptions<T>(options: unknown): UseSessionOptions<T> {
  if (options === undefined) return {}
  const candidate = options as UseSessionOptions<T> | null
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    (candidate.isEqual !== undefined && typeof candidate.isEqual !== 'function') ||
    (candidate.serverSnapshot !== undefined && !isSnapshotLike(candidate.serverSnapshot))
  ) {
    throw new TypeError(
      'headless-session/react: useSession() takes a selector function and options { serverSnapshot, isEqual }: serverSnapshot a SessionSnapshot (snapshotOfTokens()), isEqual a function',
    )
  }
  return candidate
}

function isSnapshotLike(value: unknown): boolean {
  const snapshot = value as Partial<SessionSnapshot> | null
  return typeof snapshot === 'object' && snapshot !== null && typeof snapshot.state === 'string'
}
