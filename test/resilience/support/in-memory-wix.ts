/**
 * The mock Wix token endpoint without the sockets, for tests where the machine, not HTTP,
 * is under test and time is fake. It answers with the mock server's own rules (its token
 * registry, grant logic, fault queue and fault plan), handed to the session as its `fetch`,
 * and it watches every request: which tab sent it, which refresh token it spent, when it
 * started and ended, and whether it overlapped another. It also logs a test member in (as
 * a completed login hands the session its tokens) and ends that member's sessions (as a
 * logout on another device does), and knows which login every member token came from.
 */

import { faultHeaders, planFault } from '../../../src/testing/fault-plan'
import { FaultQueue } from '../../../src/testing/fault-queue'
import { MOCK_CLIENT_ID } from '../../../src/testing/index'
import type { MockFault, MockTokenResponse } from '../../../src/testing/mock-wix-server.types'
import { answerGrant } from '../../../src/testing/token-grants'
import { TokenRegistry } from '../../../src/testing/token-registry'
import { parseTokenRequest } from '../../../src/testing/token-request'

export const IN_MEMORY_TOKEN_URL = 'https://wix.invalid/oauth2/token'

export interface EndpointRequest {
  id: number
  tab: string
  grantType: string | null
  refreshToken: string | null
  /** Fake monotonic time (`Date.now()` under fake timers) when it was sent and settled. */
  startedAt: number
  endedAt: number | null
  outcome: 'pending' | 'issued' | 'rejected' | 'fault' | 'dropped' | 'aborted'
  fault: MockFault | null
  /** When it was sent, in the order of the world's happenings (`InMemoryWixOptions.stamp`). */
  seq: number
  /** The member login the refresh token sent came from; null for a visitor's or a mint. */
  login: number | null
}

/** The one member the model logs in; every login is a new family of their tokens. */
export const MODEL_MEMBER_ID = 'model-member'

export interface InMemoryWixOptions {
  /** The wall clock the registry judges expiry by (the sessions' `now`). */
  now: () => number
  /** `expires_in` of issued access tokens, in seconds. */
  accessTokenLifetime: number
  rotateRefreshTokens?: boolean
  /** Numbers each request as it is sent, in one order with what else the test records. */
  stamp?: () => number
}

export function createInMemoryWix(options: InMemoryWixOptions) {
  const registry = new TokenRegistry({
    now: options.now,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    accessTokenLifetime: options.accessTokenLifetime,
  })
  const faults = new FaultQueue()
  const requests: EndpointRequest[] = []
  /** Broken promises found while requests were sent: the invariants of issue 5. */
  const violations: string[] = []
  const issuedVisitors = new Set<string>()
  /** Every access and refresh token issued: none may ever reach an error, event or log. */
  const issuedTokens = new Set<string>()
  /** Member tokens (access and refresh) by the login (1, 2, …) they descend from. */
  const loginOfToken = new Map<string, number>()
  const memberRefreshTokens = new Set<string>()
  let logins = 0
  /** Every login up to this one has had all its refresh tokens revoked. */
  let endedUpTo = 0

  const inFlight = () => requests.filter((request) => request.outcome === 'pending')

  const fetchFor =
    (tab: string): typeof globalThis.fetch =>
    async (_input, init) => {
      const headers = new Headers(init?.headers)
      const body = typeof init?.body === 'string' ? init.body : String(init?.body ?? '')
      const parsed = parseTokenRequest(headers.get('content-type') ?? undefined, body)
      const fields = parsed.ok ? parsed.request : null
      const record: EndpointRequest = {
        id: requests.length + 1,
        tab,
        grantType: fields?.grantType ?? null,
        refreshToken: fields?.refreshToken ?? null,
        startedAt: Date.now(),
        endedAt: null,
        outcome: 'pending',
        fault: null,
        seq: options.stamp?.() ?? requests.length + 1,
        login: fields?.refreshToken ? (loginOfToken.get(fields.refreshToken) ?? null) : null,
      }
      for (const other of inFlight()) {
        if (other.tab === tab) {
          violations.push(`tab ${tab} sent request ${record.id} while ${other.id} was in flight`)
        }
        if (record.refreshToken !== null && other.refreshToken === record.refreshToken) {
          violations.push(
            `refresh token sent twice at once: request ${record.id} (tab ${tab}) and ${other.id} (tab ${other.tab})`,
          )
        }
      }
      requests.push(record)
      const settle = (outcome: EndpointRequest['outcome']) => {
        record.outcome = outcome
        record.endedAt = Date.now()
      }

      const fault = faults.take(record.grantType)
      record.fault = fault
      const signal = init?.signal ?? undefined
      if (!(await waitUnlessAborted(signal, fault?.delayMs ?? 0))) {
        settle('aborted')
        throw abortError()
      }
      const plan = planFault(fault)
      if (plan.kind === 'drop') {
        settle('dropped')
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') })
      }
      if (plan.kind === 'hang') {
        await waitUnlessAborted(signal, Number.POSITIVE_INFINITY)
        settle('aborted')
        throw abortError()
      }
      const extra = faultHeaders(fault)
      if (plan.kind === 'respond') {
        settle('fault')
        return respond(plan.status, plan.text, plan.contentType, extra)
      }
      if (!parsed.ok) {
        settle('rejected')
        return respond(parsed.error.status, JSON.stringify(parsed.error.body), 'application/json')
      }
      const answer = answerGrant({ registry, clientIds: new Set([MOCK_CLIENT_ID]) }, parsed.request)
      if (answer.outcome === 'issued') {
        settle('issued')
        if (record.grantType === 'anonymous') issuedVisitors.add(answer.visitorId)
        issuedTokens.add(answer.tokens.access_token).add(answer.tokens.refresh_token)
        if (record.login !== null) noteMemberTokens(answer.tokens, record.login)
        return respond(200, JSON.stringify(answer.tokens), 'application/json', extra)
      }
      settle('rejected')
      return respond(answer.error.status, JSON.stringify(answer.error.body), 'application/json')
    }

  function noteMemberTokens(tokens: MockTokenResponse, login: number) {
    loginOfToken.set(tokens.access_token, login).set(tokens.refresh_token, login)
    memberRefreshTokens.add(tokens.refresh_token)
  }

  return {
    registry,
    requests,
    violations,
    /** Visitors minted by `anonymous` grants, in order. */
    issuedVisitors,
    issuedTokens,
    fetchFor,
    injectFault: (fault: MockFault, times?: number) => faults.inject(fault, times),
    clearFaults: () => faults.clear(),
    inFlight,
    /**
     * The test member logs in: Wix issues a new family of member tokens, as the code
     * exchange of a completed login does.
     */
    loginMember(): { login: number; tokens: MockTokenResponse } {
      logins += 1
      const { tokens } = registry.mintSession(MOCK_CLIENT_ID, 'member', MODEL_MEMBER_ID)
      issuedTokens.add(tokens.access_token).add(tokens.refresh_token)
      noteMemberTokens(tokens, logins)
      return { login: logins, tokens }
    },
    /**
     * The member logs out on another device: every refresh token of every login so far is
     * revoked (their access tokens stay valid until they expire, as Wix's JWTs do).
     */
    endMemberSessions(): void {
      for (const token of memberRefreshTokens) registry.revokeRefreshToken(token)
      endedUpTo = logins
    },
    /** The login an access or refresh token descends from; null for a visitor's. */
    loginOf: (token: string): number | null => loginOfToken.get(token) ?? null,
    /** Whether Wix ended the sessions of this login (its refresh tokens are revoked). */
    loginEnded: (login: number): boolean => login <= endedUpTo,
    get logins(): number {
      return logins
    },
  }
}

export type InMemoryWix = ReturnType<typeof createInMemoryWix>

function respond(
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, { status, headers: { 'content-type': contentType, ...headers } })
}

function abortError(): Error {
  const error = new Error('This operation was aborted')
  error.name = 'AbortError'
  return error
}

/** Wait `ms` (fake timers), resolving false as soon as `signal` aborts. */
function waitUnlessAborted(signal: AbortSignal | undefined, ms: number): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  if (ms <= 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer =
      ms === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => {
            signal?.removeEventListener('abort', onAbort)
            resolve(true)
          }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
