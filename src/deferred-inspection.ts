/**
 * The inspection observer `createSession({ inspect })` hands to XState. Redaction
 * (`inspection.ts`) is only ever needed by apps that pass `inspect`, so its code is a
 * chunk of its own, loaded when such a session is created; events that arrive meanwhile
 * wait, in order, and are passed on redacted once it is there. Nothing reaches the
 * observer unredacted.
 */
import type { InspectionEvent } from 'xstate'
import type { InspectionObserver } from './inspection'

/**
 * Events kept while the redaction loads. A session emits a few dozen at start; the bound
 * only guards against a chunk that never loads.
 */
const MAX_WAITING_EVENTS = 1000

/** An observer passing every event on to `observer` with its tokens replaced by fingerprints. */
export function deferredRedaction(observer: InspectionObserver): (event: InspectionEvent) => void {
  let redact: ((event: InspectionEvent) => void) | undefined
  let waiting: InspectionEvent[] = []
  import('./inspection').then(
    ({ redactInspection }) => {
      redact = redactInspection(observer)
      for (const event of waiting) redact(event)
      waiting = []
    },
    // Without redaction nothing may be passed on: the observer simply hears nothing.
    () => {
      waiting = []
    },
  )
  return (event) => {
    if (redact) redact(event)
    else if (waiting.length < MAX_WAITING_EVENTS) waiting.push(event)
  }
}
