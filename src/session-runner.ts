/**
 * The running side of a session: the XState actor (a new one after each stop), the
 * snapshots and emitted events the app listens to, and the waits `stop()` must end.
 * It decides nothing about the session; the machine does.
 */
import { createActor, type InspectionEvent, type Observer } from 'xstate'
import type { sessionMachine } from '../machines/session.machine'
import type { SessionEmitted, SessionEvent, SessionMachineInput } from '../machines/session.types'
import { type SessionSnapshot, sameSnapshot, toSessionSnapshot } from './session-snapshot'
import type { SessionActor } from './wait-for-tokens'

export interface RunnerOptions {
  input: SessionMachineInput
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void)
}

export interface SessionRunner {
  readonly actor: SessionActor
  readonly running: boolean
  /** The last snapshot published to listeners. */
  readonly snapshot: SessionSnapshot
  start(): void
  stop(): void
  /** Send an event to the running actor; ignored while stopped. */
  send(event: SessionEvent): void
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void
  onEmitted(listener: (event: SessionEmitted) => void): () => void
  /** A signal that aborts when the session stops, for one wait; call `done` when it ends. */
  stopSignal(): { signal: AbortSignal; done: () => void }
}

export function createSessionRunner(
  machine: typeof sessionMachine,
  options: RunnerOptions,
): SessionRunner {
  const newActor = (seen?: SessionMachineInput['seen']): SessionActor =>
    createActor(machine, {
      input: seen ? { ...options.input, seen } : options.input,
      ...(options.inspect ? { inspect: options.inspect } : {}),
    })
  let actor = newActor()
  let running = false
  let detach: () => void = () => undefined
  let published: SessionSnapshot = toSessionSnapshot(actor.getSnapshot(), false)
  const snapshotListeners = new Set<(snapshot: SessionSnapshot) => void>()
  const emittedListeners = new Set<(event: SessionEmitted) => void>()
  const pendingWaits = new Set<AbortController>()

  const publish = () => {
    const next = toSessionSnapshot(actor.getSnapshot(), running)
    if (sameSnapshot(next, published)) return
    published = next
    for (const listener of snapshotListeners) listener(next)
  }

  const attach = (target: SessionActor) => {
    const snapshots = target.subscribe({ next: publish, error: publish })
    const emitted = target.on('*', (event) => {
      for (const listener of emittedListeners) listener(event)
    })
    return () => {
      snapshots.unsubscribe()
      emitted.unsubscribe()
    }
  }

  const listenTo = <T>(listeners: Set<T>, listener: T) => {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  return {
    get actor() {
      return actor
    },
    get running() {
      return running
    },
    get snapshot() {
      return published
    },
    start() {
      if (running) return
      if (actor.getSnapshot().status === 'stopped') {
        // What the last run saw stays seen: with a store of the tab's own, a session it
        // signed out (and has no new one for yet) lives on in other tabs that have not
        // heard, and would be taken back; its successor must outrank it.
        const { generation, left, discarding } = actor.getSnapshot().context
        actor = newActor({ generation, left, discarding })
      }
      running = true
      detach = attach(actor)
      actor.start()
      actor.send({ type: 'START' })
      publish()
    },
    stop() {
      if (!running) return
      running = false
      for (const pending of pendingWaits) pending.abort()
      actor.stop()
      detach()
      publish()
    },
    send(event) {
      if (running) actor.send(event)
    },
    subscribe(listener) {
      const off = listenTo(snapshotListeners, listener)
      listener(published)
      return off
    },
    onEmitted: (listener) => listenTo(emittedListeners, listener),
    stopSignal() {
      const controller = new AbortController()
      pendingWaits.add(controller)
      return { signal: controller.signal, done: () => pendingWaits.delete(controller) }
    },
  }
}
