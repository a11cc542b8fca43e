/**
 * What devtools panels in different tabs tell each other, on a channel of their own (never
 * the session's). Each message is checked field by field and bounded before it is shown:
 * any same-origin script can post on a BroadcastChannel.
 */

export const ROSTER_VERSION = 1

/** The devtools channel of one app: its panels meet there, apps on one origin do not mix. */
export function rosterChannelName(clientId: string): string {
  return `headless-session-devtools:${clientId}`
}

/**
 * When this tab last led a mint or a refresh for the whole browser.
 *
 * @example
 * ```ts
 * const led: LedRequest = { reason: 'refreshed', at: Date.now(), fingerprint: 'fp_5c2e91a0' }
 * ```
 */
export interface LedRequest {
  reason: 'minted' | 'refreshed'
  /** Epoch ms of the commit. */
  at: number
  /** Fingerprint of the access token it produced. */
  fingerprint: string
}

/**
 * What a panel says about its tab's session on the devtools channel. No token:
 * fingerprints only.
 *
 * @example
 * ```ts
 * new BroadcastChannel(`headless-session-devtools:${clientId}`).onmessage = ({ data }) => {
 *   if (data?.type === 'status') console.log(data.from, (data.status as TabStatus).state)
 * }
 * ```
 */
export interface TabStatus {
  state: string
  /** The full state path, e.g. `expiring.backingOff.waiting`. */
  detail: string
  fingerprint: string | null
  sessionId: string | null
  expiresAt: number | null
  lastLed: LedRequest | null
  /** The page's title, to tell tabs apart. */
  title: string
  visible: boolean
}

export type RosterMessage =
  /** This tab's status; `ask` asks every other panel to answer with theirs. */
  | { v: typeof ROSTER_VERSION; type: 'status'; from: string; ask: boolean; status: TabStatus }
  /** This tab is going away (`pagehide`, or the panel was unmounted). */
  | { v: typeof ROSTER_VERSION; type: 'bye'; from: string }

const MAX_ID = 128
const MAX_TEXT = 120

/** A valid message, or `null` for anything else. */
export function parseRosterMessage(data: unknown): RosterMessage | null {
  if (!isRecord(data) || data.v !== ROSTER_VERSION || !isText(data.from, MAX_ID)) return null
  if (data.type === 'bye') return { v: ROSTER_VERSION, type: 'bye', from: data.from }
  if (data.type !== 'status' || typeof data.ask !== 'boolean') return null
  const status = parseStatus(data.status)
  return status && { v: ROSTER_VERSION, type: 'status', from: data.from, ask: data.ask, status }
}

function parseStatus(value: unknown): TabStatus | null {
  if (!isRecord(value)) return null
  const { state, detail, fingerprint, sessionId, expiresAt, lastLed, title, visible } = value
  if (!isText(state, 40) || !isText(detail, MAX_TEXT)) return null
  if (!(fingerprint === null || isFingerprint(fingerprint))) return null
  if (!(sessionId === null || isText(sessionId, MAX_ID))) return null
  if (!(expiresAt === null || isTime(expiresAt))) return null
  if (typeof title !== 'string' || typeof visible !== 'boolean') return null
  const led = lastLed === null ? null : parseLed(lastLed)
  if (led === undefined) return null
  return {
    state,
    detail,
    fingerprint,
    sessionId,
    expiresAt,
    lastLed: led,
    title: title.slice(0, MAX_TEXT),
    visible,
  }
}

function parseLed(value: unknown): LedRequest | undefined {
  if (!isRecord(value)) return undefined
  const { reason, at, fingerprint } = value
  if (reason !== 'minted' && reason !== 'refreshed') return undefined
  if (!isTime(at) || !isFingerprint(fingerprint)) return undefined
  return { reason, at, fingerprint }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && /^fp_[0-9a-f]{8}$/.test(value)
}
