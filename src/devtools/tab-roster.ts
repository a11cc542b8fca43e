/**
 * Every open tab of the same app that has the devtools mounted: each panel announces its
 * tab's status on the devtools channel when it changes and on a heartbeat, answers a new
 * panel's question at once, and says goodbye on `pagehide`. Tabs that go silent are shown
 * as quiet, then forgotten.
 */
import {
  parseRosterMessage,
  ROSTER_VERSION,
  type RosterMessage,
  type TabStatus,
} from './roster-messages'

/** How often a panel repeats its status, so a tab that crashed without a goodbye fades out. */
export const HEARTBEAT_MS = 2_000

/** A tab not heard from for this long is shown as quiet (background tabs throttle timers). */
export const QUIET_AFTER_MS = 3 * HEARTBEAT_MS

/**
 * A tab not heard from for this long is forgotten. Longer than a minute because Chrome
 * runs the timers of a tab hidden for five minutes at most once a minute.
 */
export const FORGET_AFTER_MS = 90_000

/** Another tab, as last heard. */
export interface RosterEntry extends TabStatus {
  tabId: string
  /** Epoch ms of its last message. */
  lastHeard: number
}

/** The part of BroadcastChannel the roster uses. */
export interface RosterChannel {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

export interface TabRosterOptions {
  channelName: string
  tabId: string
  /** This tab's status, read whenever it is announced. */
  status: () => TabStatus
  now: () => number
  openChannel: (name: string) => RosterChannel
  /** Where `pagehide` and `pageshow` come from (the window). */
  lifecycle?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  /** Called when the set of tabs or any tab's status changed. */
  onChange: (event: { joined?: string; left?: string }) => void
}

export interface TabRoster {
  /** The other tabs, most recently heard first. */
  others(): RosterEntry[]
  /** Tell the other panels this tab's status now (call on every change). */
  announce(): void
  /** Forget tabs silent for too long; called by the panel's clock. */
  prune(): void
  close(): void
}

export function createTabRoster(options: TabRosterOptions): TabRoster {
  const { tabId, now, onChange } = options
  const others = new Map<string, RosterEntry>()
  const channel = options.openChannel(options.channelName)
  let open = true
  /** Said goodbye on `pagehide`: silent until the page is shown again. */
  let away = false

  const post = (message: RosterMessage) => {
    if (!open || (away && message.type !== 'bye')) return
    try {
      channel.postMessage(message)
    } catch {
      // A closed channel only hides this tab from the others' panels.
    }
  }
  const announce = (ask = false) =>
    post({ v: ROSTER_VERSION, type: 'status', from: tabId, ask, status: options.status() })

  channel.addEventListener('message', ({ data }) => {
    const message = parseRosterMessage(data)
    if (!message || message.from === tabId) return
    if (message.type === 'bye') {
      if (others.delete(message.from)) onChange({ left: message.from })
      return
    }
    const joined = !others.has(message.from)
    others.set(message.from, { ...message.status, tabId: message.from, lastHeard: now() })
    if (message.ask) announce()
    onChange(joined ? { joined: message.from } : {})
  })

  const heartbeat = setInterval(() => announce(), HEARTBEAT_MS)
  // A closing page still changes state (and hides) after `pagehide`; it must not rejoin.
  const goodbye = () => {
    post({ v: ROSTER_VERSION, type: 'bye', from: tabId })
    away = true
  }
  // Back from the back/forward cache: the others forgot this tab when it said goodbye.
  const returned = (event: Event) => {
    if (!(event as Event & { persisted?: boolean }).persisted) return
    away = false
    announce(true)
  }
  options.lifecycle?.addEventListener('pagehide', goodbye)
  options.lifecycle?.addEventListener('pageshow', returned)
  announce(true)

  return {
    others: () => [...others.values()].sort((a, b) => b.lastHeard - a.lastHeard),
    announce: () => announce(),
    prune() {
      for (const [id, entry] of others) {
        if (now() - entry.lastHeard > FORGET_AFTER_MS) {
          others.delete(id)
          onChange({ left: id })
        }
      }
    },
    close() {
      goodbye()
      open = false
      clearInterval(heartbeat)
      options.lifecycle?.removeEventListener('pagehide', goodbye)
      options.lifecycle?.removeEventListener('pageshow', returned)
      channel.close()
    },
  }
}
