/**
 * Everything the panel learns from one session: its snapshot, the fingerprint of the token
 * it holds, when its refresh is due, when this tab last led a mint or refresh, and a log of
 * states, machine events and emitted events. It reads the session through its public API
 * (`subscribe`, `on`, `actor`); the token itself is only ever turned into a fingerprint.
 */
import type { InspectionEvent } from 'xstate'
import { refreshDueAt } from '../../machines/session.timing'
import type { SessionEmitted } from '../../machines/session.types'
import { tokenFingerprint } from '../fingerprint'
import type { Session } from '../session'
import type { SessionSnapshot } from '../session-snapshot'
import type { ChartState } from './chart-model'
import type { EventLog } from './event-log'
import { createEventNamer } from './event-names'
import type { LedRequest } from './roster-messages'

export interface WatchedSession {
  snapshot: SessionSnapshot
  fingerprint: string | null
  /** Epoch ms at which the held tokens were requested. */
  issuedAt: number | null
  /** Epoch ms at which the held token's refresh becomes due. */
  refreshDueAt: number | null
  /** When this tab last minted or refreshed for everyone. */
  lastLed: LedRequest | null
}

export interface SessionWatch {
  current(): WatchedSession
  stop(): void
}

export function watchSession(
  session: Session,
  chart: ChartState,
  log: EventLog,
  now: () => number,
  onChange: () => void,
): SessionWatch {
  const nameOf = createEventNamer(chart)
  let lastLed: LedRequest | null = null
  let lastDetail = ''
  let inspected: Session['actor'] | undefined
  let inspection: { unsubscribe(): void } | undefined

  const heldTokens = () => session.actor.getSnapshot().context.tokens
  const fingerprint = () => {
    const tokens = heldTokens()
    return tokens ? tokenFingerprint(tokens.accessToken) : null
  }

  /** Machine events, read from the actor system: types and safe fields only. */
  const inspect = () => {
    if (inspected === session.actor) return
    inspection?.unsubscribe()
    inspected = session.actor
    const root = inspected
    inspection = root.system.inspect((event: InspectionEvent) => {
      if (event.type !== '@xstate.event') return
      const text = nameOf(event.event as { type: string } & Record<string, unknown>)
      if (text === null) return
      const target = event.actorRef === root ? '' : `${(event.actorRef as { id?: string }).id} ← `
      if (target === '' || event.sourceRef === root)
        log.add({ at: now(), kind: 'event', text: `${target}${text}` })
    })
  }

  const offSnapshot = session.subscribe((snapshot) => {
    inspect()
    if (snapshot.detail !== lastDetail) {
      lastDetail = snapshot.detail
      log.add({ at: now(), kind: 'state', text: snapshot.detail })
    }
    onChange()
  })

  const offEmitted = session.on('*', (event: SessionEmitted) => {
    const print = fingerprint()
    if (event.type === 'tokensChanged' && print) {
      if (event.reason === 'minted' || event.reason === 'refreshed') {
        lastLed = { reason: event.reason, at: now(), fingerprint: print }
      }
    }
    log.add({ at: now(), kind: 'emitted', text: describeEmitted(event, print) })
    onChange()
  })

  return {
    current() {
      const { context } = session.actor.getSnapshot()
      const tokens = session.snapshot.running ? context.tokens : null
      return {
        snapshot: session.snapshot,
        fingerprint: tokens ? tokenFingerprint(tokens.accessToken) : null,
        issuedAt: tokens?.issuedAt ?? null,
        refreshDueAt: tokens ? refreshDueAt(tokens, context.refreshMargin) : null,
        lastLed,
      }
    },
    stop() {
      offSnapshot()
      offEmitted()
      inspection?.unsubscribe()
    },
  }
}

function describeEmitted(event: SessionEmitted, fingerprint: string | null): string {
  switch (event.type) {
    case 'tokensChanged':
      return `tokensChanged: ${event.reason}${fingerprint ? ` → ${fingerprint}` : ''}`
    case 'tokenRequestFailed':
      return `tokenRequestFailed: ${event.error.code} (attempt ${event.attempt}${event.willRetry ? ', will retry' : ', giving up'})`
    case 'visitorReplaced':
      return `visitorReplaced: ${event.reason}`
    case 'signedOut':
      return `signedOut (${event.origin})`
    case 'memberSessionEnded':
      return `memberSessionEnded: ${event.reason}`
    case 'warning':
      return `warning: ${event.warning.code}`
  }
}
