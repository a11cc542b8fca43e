/**
 * Which of the machine's transitions a test run has taken. A transition is named by its
 * source state, its event and its position among that state's candidates for the event,
 * which stays the same across `machine.provide()` copies.
 */
import type { AnyStateMachine, InspectionEvent } from 'xstate'

type AnyTransition = {
  source: { id: string; transitions: Map<string, unknown[]>; always?: unknown[] }
  eventType: string
}

function keyOf(transition: AnyTransition): string {
  const { source, eventType } = transition
  const candidates =
    eventType === '' ? (source.always ?? []) : (source.transitions.get(eventType) ?? [])
  return `${source.id} on "${eventType || 'always'}" #${candidates.indexOf(transition)}`
}

/** Every transition the machine defines. */
export function allTransitions(machine: AnyStateMachine): Set<string> {
  const keys = new Set<string>()
  const visit = (node: {
    transitions: Map<string, unknown[]>
    always?: unknown[]
    states: Record<string, unknown>
  }) => {
    for (const list of node.transitions.values()) {
      for (const transition of list) keys.add(keyOf(transition as AnyTransition))
    }
    for (const transition of node.always ?? []) keys.add(keyOf(transition as AnyTransition))
    for (const child of Object.values(node.states)) visit(child as typeof node)
  }
  visit(machine.root as unknown as Parameters<typeof visit>[0])
  return keys
}

/** An inspection observer that records the transitions taken. */
export function recordTransitions(taken: Set<string>) {
  return (event: InspectionEvent) => {
    if (event.type !== '@xstate.microstep') return
    for (const transition of event._transitions) keys(transition as unknown as AnyTransition)
  }
  function keys(transition: AnyTransition) {
    taken.add(keyOf(transition))
  }
}
