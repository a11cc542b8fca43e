/**
 * The callers of a model run, and what each one got. Every wait must settle within its
 * bound, with a token that is valid right now (by the wall clock and by the server) or a
 * typed error; a `refresh()` must not time out while its tab's tokens were renewed.
 */
import type { SessionEmitted, TokenSet } from '../../../machines/session.types'
import { isSessionError } from '../../../src/errors'
import type { InMemoryWix } from './in-memory-wix'

/** What a caller asked for, and what became of it. */
export interface Call {
  tab: string
  kind: 'getAccessToken' | 'getTokens' | 'refresh' | 'signOut' | 'importTokens'
  startedAt: number
  settledAt: number | null
  outcome: 'pending' | 'resolved' | string
}

/** Codes a wait may legitimately reject with. */
const EXPECTED_REJECTIONS = new Set([
  'network',
  'timeout',
  'http',
  'invalid_client',
  'invalid_grant',
  'rate_limited',
  'bad_response',
  'not_running',
  'wait_timeout',
  // Wix refused a member's refresh token (the ledger checks the member's session did end).
  'member_session_ended',
])

export interface CallTrackerOptions {
  server: InMemoryWix
  /** The sessions' wall clock. */
  now: () => number
  /** What each tab has emitted so far. */
  /** What a tab emitted, each event stamped with the wall clock when it was emitted. */
  eventsOf: (tab: string) => readonly (SessionEmitted & { at: number })[]
  /** Where broken promises go. */
  report: (violation: string) => void
  /** Look for tokens in what people would read. */
  noteLeaks: (where: string, ...values: unknown[]) => void
}

export function createCallTracker({
  server,
  now,
  eventsOf,
  report,
  noteLeaks,
}: CallTrackerOptions) {
  const calls: Call[] = []

  const checkHandOut = (call: Call, value: unknown) => {
    if (call.kind === 'signOut' || call.kind === 'importTokens') return
    const handOut = `${call.kind}() in tab ${call.tab} at +${call.settledAt}`
    const tokens = call.kind === 'getTokens' ? (value as TokenSet) : null
    const accessToken = tokens ? tokens.accessToken : (value as string)
    if (tokens && !(now() < tokens.expiresAt)) {
      report(`${handOut} handed out tokens that expired at ${tokens.expiresAt}`)
    }
    const atServer = server.registry.checkAccessToken(accessToken)
    if (atServer.state !== 'active') {
      report(`${handOut} handed out an access token the server finds ${atServer.state}`)
    }
  }

  return {
    calls,
    /** Follow one wait to its end. */
    track(tab: string, kind: Call['kind'], promise: Promise<unknown>) {
      const call: Call = { tab, kind, startedAt: Date.now(), settledAt: null, outcome: 'pending' }
      calls.push(call)
      const heardBefore = eventsOf(tab).length
      promise.then(
        (value) => {
          call.settledAt = Date.now()
          call.outcome = 'resolved'
          checkHandOut(call, value)
        },
        (error: unknown) => {
          call.settledAt = Date.now()
          call.outcome = isSessionError(error) ? error.code : 'not a SessionError'
          if (!EXPECTED_REJECTIONS.has(call.outcome)) {
            report(`${kind}() in tab ${tab} rejected with ${call.outcome}`)
          }
          // Renewed with tokens a caller could have been given: tokens that arrive already
          // expired (the clock jumped while they were requested) renew nothing.
          const renewed = eventsOf(tab)
            .slice(heardBefore)
            .some(
              (event) =>
                event.type === 'tokensChanged' &&
                (event.reason === 'refreshed' || event.reason === 'minted') &&
                event.expiresAt > event.at,
            )
          if (kind === 'refresh' && call.outcome === 'wait_timeout' && renewed) {
            report(`refresh() in tab ${tab} timed out though its tokens were renewed`)
          }
          noteLeaks(`the error of ${kind}() in tab ${tab}`, error)
        },
      )
    },
    /** Calls that waited (or have been waiting) longer than `bound` by fake time. */
    overdue(bound: number): string[] {
      const clock = Date.now()
      return calls.flatMap((call) => {
        const waited = (call.settledAt ?? clock) - call.startedAt
        return waited > bound
          ? [`${call.kind}() in tab ${call.tab} waited ${waited} ms, beyond the ${bound} ms bound`]
          : []
      })
    },
    unsettled: () => calls.filter((call) => call.settledAt === null).length,
  }
}
