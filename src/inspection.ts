/**
 * Keeps tokens out of the inspection stream. XState hands an inspector the machine's
 * context, every event (the token endpoint's `done` events, another tab's `SYNC.SESSION`),
 * every actor's input and output, and live actor references whose `getSnapshot()` an
 * inspector may call later (`@statelyai/inspect` does, on an idle callback). The observer
 * given to `createActor` is wrapped so that all of these arrive with each token replaced by
 * its fingerprint.
 *
 * What is scrubbed is the data the machine carries; redaction is not a wall against code
 * running in the page, which can call `session.getAccessToken()` anyway.
 */
import type { ActorRefLike, InspectionEvent, Observer } from 'xstate'
import { tokenFingerprint } from './fingerprint'

/** Where the machine's data holds a token: a TokenSet's two, and a commit's `replaces`. */
const TOKEN_FIELDS = new Set(['accessToken', 'refreshToken', 'replaces'])

/** Nested data deeper than this is not walked but replaced: the machine's own is shallow. */
const MAX_DEPTH = 8

const REDACTED = '[redacted]'

/** An inspection observer, in either form `createActor({ inspect })` accepts. */
export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void)

type View = (ref: ActorRefLike) => ActorRefLike

/**
 * An observer that passes every inspection event on to `observer` with its tokens replaced
 * by `[redacted fp_…]`. Actor references arrive as read-through views whose
 * `getSnapshot()` is redacted too (compare them by `sessionId`, not by identity).
 */
export function redactInspection(observer: InspectionObserver): (event: InspectionEvent) => void {
  // XState only ever calls an inspection observer's `next`.
  const next = typeof observer === 'function' ? observer : observer.next?.bind(observer)
  const views = new WeakMap<ActorRefLike, ActorRefLike>()
  const view: View = (ref) => {
    let proxy = views.get(ref)
    if (!proxy) {
      proxy = new Proxy(ref, {
        get(actual, key) {
          if (key === 'getSnapshot' || key === 'getPersistedSnapshot') {
            return (...args: unknown[]) =>
              scrub(Reflect.get(actual, key).apply(actual, args), view, 0)
          }
          const value = Reflect.get(actual, key)
          if (key === '_parent' && value) return view(value)
          return typeof value === 'function' ? value.bind(actual) : value
        },
      })
      views.set(ref, proxy)
    }
    return proxy
  }
  return (event) => next?.(redactEvent(event, view))
}

function redactEvent(event: InspectionEvent, view: View): InspectionEvent {
  const copy: Record<string, unknown> = { ...event, actorRef: view(event.actorRef) }
  // `_transitions` (microsteps) is the machine's definition and holds no data.
  for (const key of ['sourceRef', 'event', 'snapshot', 'action'] as const) {
    if (key in event) copy[key] = scrub((event as unknown as Record<string, unknown>)[key], view, 0)
  }
  return copy as unknown as InspectionEvent
}

/**
 * A copy of plain objects and arrays with token fields replaced; actor references become
 * views; other objects (errors, state nodes, the machine, sets) are kept as they are.
 * Machine snapshots are plain objects whose methods read `this`, so their copies still
 * answer `matches()` and `toJSON()`.
 */
function scrub(value: unknown, view: View, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  if (typeof record.sessionId === 'string' && typeof record.send === 'function') {
    return view(value as ActorRefLike)
  }
  if (depth > MAX_DEPTH) return REDACTED
  if (Array.isArray(value)) return value.map((item) => scrub(item, view, depth + 1))
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(record)) {
    const item = record[key]
    copy[key] =
      TOKEN_FIELDS.has(key) && typeof item === 'string'
        ? `[redacted ${tokenFingerprint(item)}]`
        : scrub(item, view, depth + 1)
  }
  return copy
}
