/**
 * Machine events in the chart's words, for the event log: `done: requestTokens` instead of
 * `xstate.done.actor.0.session.anonymous.requesting`. Only the event type and a few fields
 * known to hold no secret are ever shown; payloads are not.
 */
import { allStates, type ChartState } from './chart-model'

/** Fields shown beside an event's type; none of them can hold a token. */
const SAFE_FIELDS = ['reason', 'attempt', 'sessionId'] as const

export function createEventNamer(chart: ChartState) {
  const invokes = new Map<string, string>()
  for (const state of allStates(chart)) {
    state.invokes.forEach((src, index) => {
      invokes.set(`${index}.${chart.key}.${state.path}`, src)
    })
  }
  return (event: { type: string } & Record<string, unknown>): string | null => {
    const { type } = event
    if (type === 'xstate.init' || type === 'xstate.stop') return null
    for (const [prefix, word] of [
      ['xstate.done.actor.', 'done'],
      ['xstate.error.actor.', 'error'],
    ] as const) {
      if (type.startsWith(prefix)) {
        const id = type.slice(prefix.length)
        return `${word}: ${invokes.get(id) ?? id}`
      }
    }
    const delay = /^xstate\.after\.([^.]+)\./.exec(type)
    if (delay) return `after ${delay[1]}`
    const extras = SAFE_FIELDS.filter((field) =>
      ['string', 'number'].includes(typeof event[field]),
    ).map((field) => `${field} ${String(event[field]).slice(0, 12)}`)
    return extras.length > 0 ? `${type} (${extras.join(', ')})` : type
  }
}
