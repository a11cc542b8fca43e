/**
 * The `tabSync` actor: the session's line to its other tabs over a BroadcastChannel named
 * after the client ID, so two apps on one origin never hear each other. It announces what
 * this tab committed and feeds what other tabs committed back into the machine.
 *
 * Announcements are checked against the shared store before the machine hears of them
 * (the announcing tab writes before it announces): tokens are adopted only once the store
 * holds them, and a sign-out only once the store no longer holds that session, so a
 * forged or stale message can never replace or end a valid session. A tab whose store is
 * not shared has nothing to check against: it takes announcements as they come and keeps
 * its own store in step with them.
 */
import { fromCallback } from 'xstate'
import type { SessionEvent, TabSyncCommand, TokenSet } from '../../machines/session.types'
import { parseSyncMessage, SYNC_VERSION, type SyncMessage, type TabId } from '../sync/messages'
import type { StoreWatch } from './store-watch'

/** The part of BroadcastChannel the session uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

export interface TabSyncOptions {
  /**
   * Opens the channel; called when the session starts, closed when it stops. Without it
   * the session talks to no tab and hears only `watchStore`.
   */
  openChannel?: (() => BroadcastChannelLike) | undefined
  /** This tab's identifier on the channel. */
  tabId: TabId
  /**
   * Whether announced tokens may be adopted: true when the shared store holds exactly
   * them, or when this tab's store is not shared. `signal` aborts when the session stops.
   */
  confirm: (tokens: TokenSet, signal: AbortSignal) => Promise<boolean>
  /**
   * Whether an announced sign-out of `sessionId` may be believed: true when the shared
   * store no longer holds that session, or when this tab's store is not shared.
   */
  confirmSignOut: (sessionId: string, signal: AbortSignal) => Promise<boolean>
  /**
   * Whether an announced end of the member session `sessionId` may be believed: true when
   * the shared store marks that session ended, or when this tab's store is not shared.
   */
  confirmMemberEnded: (sessionId: string, signal: AbortSignal) => Promise<boolean>
  /** Changes to the shared store made elsewhere, e.g. a server's `Set-Cookie` (store-watch.ts). */
  watchStore?: StoreWatch | undefined
}

/** The channel every tab of one client ID meets on. */
export function channelName(clientId: string): string {
  return `headless-session:${clientId}`
}

/**
 * The `tabSync` actor over a BroadcastChannel.
 *
 * @example
 * ```ts
 * sessionMachine.provide({
 *   actors: {
 *     tabSync: broadcastTabSync({
 *       openChannel: () => new BroadcastChannel(channelName(clientId)),
 *       tabId: randomId(),
 *       confirm: async (tokens, signal) =>
 *         (await persistence.peek(signal))?.tokens.refreshToken === tokens.refreshToken,
 *       confirmSignOut: async (sessionId, signal) =>
 *         (await persistence.peek(signal))?.tokens.sessionId !== sessionId,
 *       confirmMemberEnded: async (sessionId, signal) =>
 *         (await persistence.peek(signal))?.ended === true,
 *     }),
 *   },
 * })
 * ```
 */
export function broadcastTabSync({
  openChannel,
  tabId,
  confirm,
  confirmSignOut,
  confirmMemberEnded,
  watchStore,
}: TabSyncOptions) {
  return fromCallback<TabSyncCommand>(({ sendBack, receive }) => {
    const channel = openChannel?.()
    const stopping = new AbortController()
    let open = true
    let checks: Promise<void> = Promise.resolve()
    const tell = (event: SessionEvent) => {
      if (open) sendBack(event)
    }

    const onMessage = ({ data }: { data: unknown }) => {
      const parsed = parseSyncMessage(data)
      if (!parsed || parsed.from === tabId) return
      const { event } = parsed
      const check = checkOf(event)
      if (check === null) return tell(event)
      // Checked one after another, in the order they were sent: a sign-out and the new
      // visitor that follows it must not overtake each other in the store or the machine.
      checks = checks
        .then(() => check(stopping.signal))
        .then(
          (confirmed) => {
            if (confirmed) tell(event)
          },
          () => undefined,
        )
    }
    /** How a message that would change the session is confirmed; `null`: it is taken as sent. */
    const checkOf = (event: SessionEvent): ((signal: AbortSignal) => Promise<boolean>) | null => {
      switch (event.type) {
        case 'SYNC.SESSION':
          return (signal) => confirm(event.tokens, signal)
        case 'SYNC.SIGNED_OUT':
          return (signal) => confirmSignOut(event.sessionId, signal)
        case 'SYNC.MEMBER_ENDED':
          return (signal) => confirmMemberEnded(event.sessionId, signal)
        default:
          return null
      }
    }
    channel?.addEventListener('message', onMessage)
    const stopWatching = watchStore?.(tell)

    receive((command) => {
      const message = toMessage(command, tabId)
      try {
        channel?.postMessage(message)
      } catch {
        // A closed or broken channel only costs other tabs an announcement; they still
        // find the session in the store when they next need it.
      }
    })

    return () => {
      open = false
      stopping.abort()
      stopWatching?.()
      channel?.removeEventListener('message', onMessage)
      channel?.close()
    }
  })
}

function toMessage(command: TabSyncCommand, from: TabId): SyncMessage {
  switch (command.type) {
    case 'ANNOUNCE_SESSION':
      return { v: SYNC_VERSION, type: 'session', from, tokens: command.tokens }
    case 'ANNOUNCE_SIGN_OUT':
      return { v: SYNC_VERSION, type: 'signed-out', from, sessionId: command.sessionId }
    case 'ANNOUNCE_MEMBER_ENDED':
      return { v: SYNC_VERSION, type: 'member-ended', from, sessionId: command.sessionId }
    case 'ANNOUNCE_BACKOFF':
      return {
        v: SYNC_VERSION,
        type: 'backoff',
        from,
        until: command.until,
        attempt: command.attempt,
      }
    case 'ASK_PEERS':
      return { v: SYNC_VERSION, type: 'ask', from }
  }
}

/**
 * The `tabSync` actor for a session that shares nothing: outside browsers, or with sync
 * turned off. Announcements go nowhere and nothing ever arrives.
 */
export const noTabSync = fromCallback<TabSyncCommand>(() => undefined)
