/**
 * What the fault-matrix scenarios check along the way: callers served with the right
 * token, the stored record intact, Retry-After honoured, no token leaked, and the tokens
 * a session ends with accepted by the server.
 */
import type { TokenSet } from '../../../machines/session.types'
import type { Session } from '../../../src/index'
import { decodeRecord } from '../../../src/storage/record'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../../src/testing/index'
import { MAX_TOKEN_LIFETIME_S } from '../../../src/token-response'
import type { FaultRow } from './fault-table'
import { findTokens } from './token-scan'

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

export const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  )

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Tokens whose lifetime the session clamped to a day, or ordinary ones. */
export function judgeTokens(tokens: TokenSet): 'clamped' | 'recovered' {
  return tokens.expiresAt - tokens.issuedAt === MAX_TOKEN_LIFETIME_S * 1000
    ? 'clamped'
    : 'recovered'
}

/** A caller asking for a token every 10 ms until stopped; what each ask got. */
export function keepAsking(session: Session) {
  const answers: Settled<string>[] = []
  let asking = true
  const loop = (async () => {
    while (asking) {
      answers.push(await settle(session.getAccessToken({ timeout: 3000 })))
      await sleep(10)
    }
  })()
  return {
    stop: async () => {
      asking = false
      await loop
      return answers
    },
  }
}

/** Every answer is one of `allowed` (or, when the session may fail, its error). */
export function checkAnswers(
  answers: Settled<string>[],
  allowed: string[],
  problems: string[],
  mayFail = false,
) {
  for (const answer of answers) {
    if (answer.ok && !allowed.includes(answer.value)) {
      problems.push('a caller got a token that was neither the held one nor its replacement')
    }
    if (!answer.ok && !mayFail) {
      problems.push(`a caller was refused while a valid token was held: ${String(answer.error)}`)
    }
  }
}

export function checkRecord(raw: unknown, problems: string[], mustHold: boolean) {
  const decoded = decodeRecord(raw, MOCK_CLIENT_ID)
  if (decoded.kind === 'invalid') problems.push('the stored record is corrupt')
  if (mustHold && decoded.kind !== 'valid') problems.push('the stored session was lost')
}

export function checkStoredUnchanged(raw: unknown, held: TokenSet, problems: string[]) {
  const decoded = decodeRecord(raw, MOCK_CLIENT_ID)
  if (decoded.kind !== 'valid' || decoded.tokens.refreshToken !== held.refreshToken) {
    problems.push('a failed refresh changed the stored session')
  }
}

export function checkRetryAfter(server: MockWixServer, row: FaultRow, problems: string[]) {
  const asked = row.fault.retryAfter
  if (typeof asked !== 'number') return
  const [first, second] = server.requests
  if (!first?.endedAt || !second) return
  if (second.startedAt - first.endedAt < asked * 1000 - 20) {
    problems.push(
      `retried ${second.startedAt - first.endedAt} ms after a Retry-After of ${asked} s`,
    )
  }
}

export function checkLeaks(wire: Set<string>, said: unknown[], problems: string[]) {
  const leaked = findTokens(wire, said)
  if (leaked.length > 0) problems.push(`${leaked.length} tokens appear in errors or events`)
}

export async function visitorOf(server: MockWixServer, token: string): Promise<string | null> {
  const response = await fetch(server.protectedUrl, { headers: { Authorization: token } })
  if (response.status !== 200) return null
  return ((await response.json()) as { visitorId: string }).visitorId
}

export async function servedByServer(server: MockWixServer, tokens: TokenSet): Promise<boolean> {
  // A clamped row's tokens are the fault's own, which no server would accept.
  if (judgeTokens(tokens) === 'clamped') return true
  return (await visitorOf(server, tokens.accessToken)) !== null
}
