/**
 * The session's state chart as plain data, read from the machine definition itself: the
 * devtools panel draws it and `scripts/generate-state-chart.ts` writes the docs' diagram
 * from it, so neither can drift from the code.
 */
import type { AnyStateMachine } from 'xstate'

/**
 * One transition as a reader names it.
 *
 * @example
 * ```ts
 * const refreshes = chartOf(sessionMachine).children
 *   .flatMap((state) => state.transitions)
 *   .filter((transition: ChartTransition) => transition.event === 'REFRESH')
 * ```
 */
export interface ChartTransition {
  /** `START`, `done: loadSession`, `error: requestTokens`, `after untilRefreshDue`, `always`. */
  event: string
  /** The guard, e.g. `loadedTokens` or `retryable and mayRetry`; `null` when unguarded. */
  guard: string | null
  /** Paths of the target states (`anonymous.awaitingLeadership`); empty when it stays. */
  targets: string[]
  actions: string[]
}

/**
 * One state and everything under it.
 *
 * @example
 * ```ts
 * const expiring: ChartState | undefined = chartOf(sessionMachine).children.find(
 *   (state) => state.key === 'expiring',
 * )
 * expiring?.initial // 'expiring.awaitingLeadership'
 * ```
 */
export interface ChartState {
  /** The dotted path used in `session.snapshot.detail`, e.g. `expiring.backingOff`; `''` for the root. */
  path: string
  key: string
  description: string | null
  /** Path of the initial child, for compound states. */
  initial: string | null
  children: ChartState[]
  transitions: ChartTransition[]
  /** Actors invoked while in this state (their `src` names). */
  invokes: string[]
  entry: string[]
}

/** Enough of XState's StateNode for reading the chart (its public fields). */
interface NodeLike {
  key: string
  path: string[]
  description?: string
  states: Record<string, NodeLike>
  initial?: { target: readonly NodeLike[] }
  transitions: Map<string, TransitionLike[]>
  always?: TransitionLike[]
  after: (TransitionLike & { delay: string | number })[]
  invoke: { id: string; src: unknown }[]
  entry: unknown[]
}

interface TransitionLike {
  eventType: string
  guard?: unknown
  target?: readonly NodeLike[]
  actions: readonly unknown[]
}

/**
 * Read a machine's chart.
 *
 * @example
 * ```ts
 * import { sessionMachine } from 'headless-session'
 * import { chartOf } from 'headless-session/devtools'
 *
 * const chart = chartOf(sessionMachine)
 * chart.children.map((state) => state.path) // ['idle', 'restoring', 'anonymous', …]
 * ```
 */
export function chartOf(machine: AnyStateMachine): ChartState {
  return readState(machine.root as unknown as NodeLike)
}

/** Every state of the chart, depth first, the root excluded. */
export function allStates(chart: ChartState): ChartState[] {
  return chart.children.flatMap((child) => [child, ...allStates(child)])
}

function readState(node: NodeLike): ChartState {
  const delays = new Map(node.after.map((transition) => [transition.eventType, transition.delay]))
  const transitions: ChartTransition[] = []
  for (const [eventType, candidates] of node.transitions) {
    for (const transition of candidates) {
      transitions.push(readTransition(eventName(node, eventType, delays), transition))
    }
  }
  for (const transition of node.always ?? []) transitions.push(readTransition('always', transition))
  const initial = node.initial?.target[0]
  return {
    path: node.path.join('.'),
    key: node.key,
    description: node.description ?? null,
    initial: initial ? initial.path.join('.') : null,
    children: Object.values(node.states).map(readState),
    transitions,
    invokes: node.invoke.map((invoke) => nameOf(invoke.src)),
    // XState schedules `after` timers with a built-in `raise` entry action: not the chart's own.
    entry: node.entry.map(nameOf).filter((name) => !(name === 'raise' && node.after.length > 0)),
  }
}

function readTransition(event: string, transition: TransitionLike): ChartTransition {
  return {
    event,
    guard: transition.guard === undefined ? null : guardName(transition.guard),
    targets: (transition.target ?? []).map((target) => target.path.join('.')),
    actions: transition.actions.map(actionName),
  }
}

/** `emitTokensChanged(reason: minted)`: an action's simple params say which variant runs. */
function actionName(action: unknown): string {
  const params = (action as { params?: unknown } | null)?.params
  if (!params || typeof params !== 'object') return nameOf(action)
  const shown = Object.entries(params).filter(([, value]) => typeof value !== 'object')
  return `${nameOf(action)}(${shown.map(([key, value]) => `${key}: ${String(value)}`).join(', ')})`
}

/** XState's internal event types, in the words of the chart's source. */
function eventName(node: NodeLike, eventType: string, delays: Map<string, string | number>) {
  const delay = delays.get(eventType)
  if (delay !== undefined) return `after ${typeof delay === 'number' ? `${delay} ms` : delay}`
  for (const [prefix, word] of [
    ['xstate.done.actor.', 'done'],
    ['xstate.error.actor.', 'error'],
  ] as const) {
    if (!eventType.startsWith(prefix)) continue
    const id = eventType.slice(prefix.length)
    const invoke = node.invoke.find((candidate) => candidate.id === id)
    return `${word}: ${invoke ? nameOf(invoke.src) : id}`
  }
  return eventType
}

function guardName(guard: unknown): string {
  const combined = guard as { name?: string; guards?: unknown[] }
  if (typeof guard === 'function' && Array.isArray(combined.guards)) {
    const joiner = combined.name === 'or' ? ' or ' : ' and '
    const parts = combined.guards.map(guardName)
    return combined.name === 'not' ? `not ${parts[0]}` : parts.join(joiner)
  }
  return nameOf(guard)
}

/** The name of an action, guard or actor source, however it was declared. */
function nameOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && 'type' in value) return String(value.type)
  if (typeof value === 'function' && value.name) return value.name
  return 'inline'
}
