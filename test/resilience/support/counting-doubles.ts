/**
 * Stand-ins for what the page provides, used in Node tests to deliver events and to count
 * what the session leaves attached: a page's event targets, and a BroadcastChannel bus
 * joining the tabs of one test. Real Chromium tests cover the real channel; these exist
 * so that fake timers drive everything and every listener can be counted.
 */
import type { BroadcastChannelLike } from '../../../src/actors/tab-sync'

type Listener = (event: { data: unknown }) => void

/** An EventTarget that knows how many listeners are attached to it. */
export class CountingTarget extends EventTarget {
  private readonly listeners = new Map<string, Set<unknown>>()
  visibilityState: 'visible' | 'hidden' = 'visible'

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    if (listener) this.ofType(type).add(listener)
    super.addEventListener(type, listener, options)
  }

  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: EventListenerOptions | boolean,
  ): void {
    if (listener) this.ofType(type).delete(listener)
    super.removeEventListener(type, listener, options)
  }

  /** Listeners currently attached, all types together. */
  get listenerCount(): number {
    let count = 0
    for (const set of this.listeners.values()) count += set.size
    return count
  }

  private ofType(type: string): Set<unknown> {
    let set = this.listeners.get(type)
    if (!set) {
      set = new Set()
      this.listeners.set(type, set)
    }
    return set
  }
}

/** The two targets a session's environment listens on, as one page. */
export function createPage() {
  const global = new CountingTarget()
  const document = new CountingTarget()
  return {
    global,
    document,
    get listenerCount() {
      return global.listenerCount + document.listenerCount
    },
    fire(type: 'online' | 'offline' | 'focus' | 'pageshow') {
      global.dispatchEvent(new Event(type))
    },
    show() {
      document.visibilityState = 'visible'
      document.dispatchEvent(new Event('visibilitychange'))
    },
  }
}

/**
 * Channels that deliver a structured clone of each message to every other open channel of
 * the same name, later than the post, as BroadcastChannel does. Delivery is a microtask, not
 * a timer, so that the fake timers a test counts are the session's alone.
 */
export function createChannelBus() {
  const open = new Set<BusChannel>()
  let delivered = 0

  class BusChannel implements BroadcastChannelLike {
    private readonly listeners = new Set<Listener>()
    closed = false
    /** Who opened it: each tab gets its own constructor (see `channelFor`). */
    owner = 'outsider'
    constructor(readonly name: string) {
      open.add(this)
    }
    postMessage(message: unknown): void {
      if (this.closed) throw new Error('InvalidStateError: the channel is closed')
      const data = structuredClone(message)
      for (const channel of open) {
        if (channel === this || channel.name !== this.name) continue
        queueMicrotask(() => channel.deliver(data))
      }
    }
    addEventListener(_type: 'message', listener: Listener): void {
      this.listeners.add(listener)
    }
    removeEventListener(_type: 'message', listener: Listener): void {
      this.listeners.delete(listener)
    }
    close(): void {
      this.closed = true
      open.delete(this)
    }
    get listenerCount(): number {
      return this.listeners.size
    }
    private deliver(data: unknown): void {
      if (this.closed) return
      delivered += 1
      for (const listener of [...this.listeners]) listener({ data })
    }
  }

  const owned = (owner?: string) =>
    [...open].filter((channel) => owner === undefined || channel.owner === owner)

  return {
    /** The BroadcastChannel constructor for one tab, so what it leaves open can be counted. */
    channelFor(owner: string): new (name: string) => BroadcastChannelLike {
      return class extends BusChannel {
        override owner = owner
      }
    },
    /** Channels not yet closed (of one owner, or all). */
    openChannels: (owner?: string): number => owned(owner).length,
    /** Listeners attached to channels not yet closed (of one owner, or all). */
    listenerCount: (owner?: string): number =>
      owned(owner).reduce((sum, channel) => sum + channel.listenerCount, 0),
    get delivered(): number {
      return delivered
    },
    /** Post as a tab the sessions do not know (a forger, an old build). */
    post(name: string, message: unknown): void {
      const outsider = new BusChannel(name)
      outsider.postMessage(message)
      outsider.close()
    },
  }
}

export type ChannelBus = ReturnType<typeof createChannelBus>
export type Page = ReturnType<typeof createPage>
