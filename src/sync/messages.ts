/**
 * What tabs say to each other over the BroadcastChannel, and the validation every message
 * passes before anything is done with it. A message is someone else's data: it is read
 * field by field, bounded, and anything unexpected makes it ignored, never an error.
 */
import type { SessionEvent, TokenSet } from '../../machines/session.types'
import { MAX_SESSION_ID_LENGTH, parseTokenSet } from '../token-set'

/** The message format version. A tab ignores messages of any other version. */
export const SYNC_VERSION = 1

/** A tab's identifier on the channel. */
export type TabId = string

export type SyncMessage =
  /** This tab committed these tokens (a mint, a refresh, an import). */
  | { v: typeof SYNC_VERSION; type: 'session'; from: TabId; tokens: TokenSet }
  /** This tab forgot this session (sign-out, or its refresh token was rejected). */
  | { v: typeof SYNC_VERSION; type: 'signed-out'; from: TabId; sessionId: string }
  /** This tab found this member's session ended: Wix rejected its refresh token. */
  | { v: typeof SYNC_VERSION; type: 'member-ended'; from: TabId; sessionId: string }
  /** This tab's token request failed (`attempt` times in a row); nobody should try again before `until`. */
  | { v: typeof SYNC_VERSION; type: 'backoff'; from: TabId; until: number; attempt: number }
  /** This tab's own store is empty: does any tab hold a session? (Answered with `session`.) */
  | { v: typeof SYNC_VERSION; type: 'ask'; from: TabId }

/** The machine event a valid message stands for, or `null` for anything else. */
export function parseSyncMessage(data: unknown): { from: TabId; event: SessionEvent } | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null
  const message = data as Record<string, unknown>
  if (message.v !== SYNC_VERSION) return null
  const from = message.from
  if (typeof from !== 'string' || from.length === 0 || from.length > MAX_SESSION_ID_LENGTH)
    return null

  switch (message.type) {
    case 'session': {
      const tokens = parseTokenSet(message.tokens)
      return tokens ? { from, event: { type: 'SYNC.SESSION', tokens } } : null
    }
    case 'signed-out': {
      const sessionId = sessionIdOf(message)
      return sessionId === null ? null : { from, event: { type: 'SYNC.SIGNED_OUT', sessionId } }
    }
    case 'member-ended': {
      const sessionId = sessionIdOf(message)
      return sessionId === null ? null : { from, event: { type: 'SYNC.MEMBER_ENDED', sessionId } }
    }
    case 'backoff': {
      const { until, attempt } = message
      if (typeof until !== 'number' || !Number.isFinite(until)) return null
      if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 0) return null
      return { from, event: { type: 'SYNC.BACKOFF', until, attempt } }
    }
    case 'ask':
      return { from, event: { type: 'SYNC.ASKED' } }
    default:
      return null
  }
}

function sessionIdOf(message: Record<string, unknown>): string | null {
  const { sessionId } = message
  return typeof sessionId === 'string' &&
    sessionId.length > 0 &&
    sessionId.length <= MAX_SESSION_ID_LENGTH
    ? sessionId
    : null
}
