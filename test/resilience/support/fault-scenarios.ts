/**
 * The three scenarios of the fault matrix (mint, refresh, expired), each played against
 * its own mock Wix server over real HTTP with a real session. A scenario reports what it
 * observed (outcome, code, token requests) and every broken promise it noticed on the way:
 * a still-valid session lost, a stored record emptied or corrupted, a request after the
 * session gave up, a token in an error or event.
 */
import type { SessionEmitted } from '../../../machines/session.types'
import { isSessionError, SessionError } from '../../../src/errors'
import { createMemoryStore, createSession } from '../../../src/index'
// The implementation itself, not the entry's lazy wrapper: its first claim would wait on a
// dynamic import, real time that fake timers do not advance.
import { createLocalLockManager } from '../../../src/locks/local-lock-manager'
import {
  MOCK_CLIENT_ID,
  startMockWixServer,
  WIX_ACCESS_TOKEN_LIFETIME,
} from '../../../src/testing/index'
import {
  checkAnswers,
  checkLeaks,
  checkRecord,
  checkRetryAfter,
  checkStoredUnchanged,
  judgeTokens,
  keepAsking,
  type Settled,
  servedByServer,
  settle,
  sleep,
  visitorOf,
} from './fault-checks'
import type { FaultRow, Scenario } from './fault-table'
import { playLateTimer } from './late-timer-scenario'
import { tokenWatchingFetch } from './token-scan'

/** The policy every scenario runs with (see docs/fault-matrix.md). */
export const MATRIX_RETRY = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 }
export const MATRIX_REQUEST_TIMEOUT = 250
/** How long a `kept` row is watched. */
export const KEPT_WINDOW_MS = 1000
/** How long the test waits after a failure to be sure no request follows. */
const QUIET_MS = 300

export interface Variant {
  encoding: 'json' | 'form'
  rotateRefreshTokens: boolean
}

export interface Observation {
  outcome: 'recovered' | 'clamped' | 'replaced' | 'failed' | 'kept' | 'unexpected'
  code?: string
  requests: number
  /** Broken promises noticed while playing, in words. */
  problems: string[]
  /** The visitor's session did not survive where the row says it must. */
  lost?: boolean
}

/** One session against one mock server, watched for leaks, with a clock the test can move. */
export async function stage(variant: Variant) {
  const server = await startMockWixServer({ rotateRefreshTokens: variant.rotateRefreshTokens })
  const store = createMemoryStore()
  const wire = new Set<string>()
  const said: unknown[] = []
  let offset = 0
  const session = createSession({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    storage: store,
    encoding: variant.encoding,
    retry: MATRIX_RETRY,
    requestTimeout: MATRIX_REQUEST_TIMEOUT,
    now: () => Date.now() + offset,
    fetch: tokenWatchingFetch(wire),
    // Each scenario is a browser of its own; the process-wide default lock would make the
    // scenarios played at the same time wait for each other.
    locks: createLocalLockManager(),
  })
  const events: SessionEmitted[] = []
  session.on('*', (event) => {
    events.push(event)
    said.push(event)
  })
  return {
    server,
    store,
    session,
    events,
    /** Tokens seen on the wire, in answers and in requests. */
    wire,
    said,
    moveClock: (ms: number) => {
      offset += ms
    },
    close: async () => {
      session.stop()
      await server.close()
    },
  }
}

export type Stage = Awaited<ReturnType<typeof stage>>

/** Play one row in one scenario. */
export async function playScenario(
  row: FaultRow,
  scenario: Scenario,
  variant: Variant,
): Promise<Observation> {
  const staged = await stage(variant)
  try {
    if (scenario === 'mint') return await playMint(staged, row)
    if (scenario === 'late') return await playLateTimer(staged, row)
    return await playRefresh(staged, row, scenario)
  } finally {
    await staged.close()
  }
}

async function playMint(staged: Stage, row: FaultRow): Promise<Observation> {
  const { server, session, store } = staged
  const problems: string[] = []
  server.injectFault(row.fault, row.times)
  session.start()
  const result = await settle(session.getTokens())
  const requests = server.requests.length
  if (!result.ok) staged.said.push(result.error)
  checkRetryAfter(server, row, problems)

  let observation: Observation
  if (result.ok) {
    observation = { outcome: judgeTokens(result.value), requests, problems }
    if (!(await servedByServer(server, result.value))) {
      problems.push('the minted token does not work at the server')
    }
  } else {
    observation = await judgeFailure(staged, result.error, requests, problems)
    if ((await store.get()) !== undefined) problems.push('a failed mint stored something')
    server.clearFaults()
    session.retry()
    const again = await settle(session.getTokens())
    if (!again.ok) problems.push('no token after the fault ended and retry()')
  }
  checkRecord(await store.get(), problems, true)
  checkLeaks(staged.wire, staged.said, problems)
  return observation
}

async function playRefresh(
  staged: Stage,
  row: FaultRow,
  scenario: 'refresh' | 'expired',
): Promise<Observation> {
  const { server, session, store } = staged
  const problems: string[] = []
  session.start()
  const held = await session.getTokens()
  const visitor = await visitorOf(server, held.accessToken)
  server.clearRequests()
  server.injectFault(row.fault, row.times)

  let result: Settled<string>
  let answers: Settled<string>[] = []
  if (scenario === 'expired') {
    staged.moveClock((WIX_ACCESS_TOKEN_LIFETIME + 1) * 1000)
    result = await settle(session.getAccessToken())
  } else {
    const asking = keepAsking(session)
    result = await settle(session.refresh(row.times === 1 ? {} : { timeout: KEPT_WINDOW_MS }))
    answers = await asking.stop()
  }
  const requests = server.requests.length
  staged.said.push(
    ...[result, ...answers].flatMap((settled) => (settled.ok ? [] : [settled.error])),
  )
  checkRetryAfter(server, row, problems)

  let observation: Observation
  if (result.ok) {
    const tokens = await session.getTokens()
    observation = { outcome: judgeTokens(tokens), requests, problems }
    const replaced = staged.events.some((event) => event.type === 'visitorReplaced')
    if (replaced) observation.outcome = 'replaced'
    if (observation.outcome !== 'clamped') {
      const now = await visitorOf(server, tokens.accessToken)
      if (now === null) problems.push('the refreshed token does not work at the server')
      else if (replaced !== (now !== visitor))
        problems.push('the visitor changed without being replaced')
    } else if (tokens.sessionId !== held.sessionId) {
      problems.push('the refresh changed the session')
    }
    checkAnswers(answers, [held.accessToken, tokens.accessToken], problems)
  } else if (isSessionError(result.error, 'wait_timeout') && scenario === 'refresh') {
    observation = { outcome: 'kept', requests, problems }
    if (session.state === 'failed') problems.push('a refresh that kept failing ended the session')
    checkAnswers(answers, [held.accessToken], problems)
    if (answers.length === 0) problems.push('nobody was served while the refresh kept failing')
    checkStoredUnchanged(await store.get(), held, problems)
    server.clearFaults()
    await backForSameVisitor(staged, visitor, problems, false)
  } else {
    observation = await judgeFailure(staged, result.error, requests, problems)
    checkAnswers(answers, [held.accessToken], problems, true)
    checkStoredUnchanged(await store.get(), held, problems)
    server.clearFaults()
    await backForSameVisitor(staged, visitor, problems, true)
  }
  checkRecord(await store.get(), problems, true)
  checkLeaks(staged.wire, staged.said, problems)
  observation.lost = problems.some((problem) => LOSSES.some((loss) => problem.includes(loss)))
  return observation
}

/** Problems that mean a visitor's session did not survive. */
export const LOSSES = [
  'session was lost',
  'changed the stored session',
  'did not come back as the same visitor',
  'visitor changed without being replaced',
  'refused while a valid token was held',
  'ended the session',
]

/** `failed` with its code, after making sure no request follows the failure. */
export async function judgeFailure(
  staged: Stage,
  error: unknown,
  requests: number,
  problems: string[],
): Promise<Observation> {
  if (!(error instanceof SessionError)) {
    problems.push(`rejected with something other than a SessionError: ${String(error)}`)
    return { outcome: 'unexpected', requests, problems }
  }
  if (staged.session.state !== 'failed') problems.push(`rejected while ${staged.session.state}`)
  await sleep(QUIET_MS)
  const after = staged.server.requests.length
  if (after !== requests) problems.push(`${after - requests} requests after the session failed`)
  return { outcome: 'failed', code: error.code, requests, problems }
}

/** Once the fault is gone the same visitor comes back: on its own, or after `retry()`. */
export async function backForSameVisitor(
  staged: Stage,
  visitor: string | null,
  problems: string[],
  retry: boolean,
) {
  if (retry) staged.session.retry()
  const refreshed = new Promise<void>((resolve) => {
    const off = staged.session.on('tokensChanged', () => {
      off()
      resolve()
    })
  })
  if (!retry) await Promise.race([refreshed, sleep(2000)])
  const again = await settle(staged.session.getAccessToken({ timeout: 2000 }))
  if (!again.ok) {
    problems.push('no token once the fault ended')
    return
  }
  if ((await visitorOf(staged.server, again.value)) !== visitor) {
    problems.push('the session did not come back as the same visitor')
  }
}
