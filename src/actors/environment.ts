/**
 * The page's lifecycle and connectivity as machine events. Waking up (the page becomes
 * visible, is restored from the back/forward cache, regains focus) makes the machine
 * re-read the wall clock, because timers are late after a sleep and throttled in
 * background tabs; `online`/`offline` pause and resume retries.
 */
import { fromCallback } from 'xstate'
import type { CheckReason, SessionEvent } from '../../machines/session.types'

/** Where lifecycle events come from. Both default to the real page, when there is one. */
export interface EnvironmentTargets {
  /** Fires `online`, `offline`, `focus` and `pageshow` (a window, or a worker's global scope). */
  global?: EventTarget
  /** Fires `visibilitychange` and says whether the page is visible. */
  document?: EventTarget & { visibilityState?: string }
}

/** The real page's targets, or none outside a page or worker. */
export function defaultEnvironmentTargets(): EnvironmentTargets {
  const scope = globalThis as unknown as Partial<EventTarget> & {
    document?: EnvironmentTargets['document']
  }
  return {
    ...(typeof scope.addEventListener === 'function' ? { global: scope as EventTarget } : {}),
    ...(scope.document && typeof scope.document.addEventListener === 'function'
      ? { document: scope.document }
      : {}),
  }
}

/** Whether the environment says it is online (`navigator.onLine`); true when it cannot tell. */
export function initiallyOnline(): boolean {
  const online = (globalThis.navigator as { onLine?: unknown } | undefined)?.onLine
  return typeof online === 'boolean' ? online : true
}

/**
 * The `environment` actor over the given targets.
 *
 * @example
 * ```ts
 * sessionMachine.provide({ actors: { environment: environmentActor({ global: window, document }) } })
 * ```
 */
export function environmentActor(targets: EnvironmentTargets) {
  return fromCallback(({ sendBack }) => {
    const send = (event: SessionEvent) => sendBack(event)
    const wake = (reason: CheckReason) => () => send({ type: 'CHECK', reason })
    const listeners: [EventTarget | undefined, string, () => void][] = [
      [targets.global, 'online', () => send({ type: 'ONLINE' })],
      [targets.global, 'offline', () => send({ type: 'OFFLINE' })],
      [targets.global, 'focus', wake('focus')],
      [targets.global, 'pageshow', wake('pageshow')],
      [
        targets.document,
        'visibilitychange',
        () => {
          if (targets.document?.visibilityState !== 'hidden') wake('visibilitychange')()
        },
      ],
    ]
    for (const [target, type, listener] of listeners) target?.addEventListener(type, listener)
    return () => {
      for (const [target, type, listener] of listeners) target?.removeEventListener(type, listener)
    }
  })
}
