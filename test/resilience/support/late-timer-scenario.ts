/**
 * The fourth scenario of the fault matrix: a refresh falls due while the session's timer
 * sleeps (the wall clock jumped into the refresh margin, no timer fired, no wake event
 * came). A caller's hand-out must notice it: the caller gets the held token at once, the
 * refresh starts, and the fault plays on it while callers keep being served.
 */
import { WIX_ACCESS_TOKEN_LIFETIME } from '../../../src/testing/index'
import {
  checkAnswers,
  checkLeaks,
  checkRecord,
  checkRetryAfter,
  checkStoredUnchanged,
  judgeTokens,
  keepAsking,
  type Settled,
  settle,
  sleep,
  visitorOf,
} from './fault-checks'
import {
  backForSameVisitor,
  judgeFailure,
  KEPT_WINDOW_MS,
  LOSSES,
  type Observation,
  type Stage,
} from './fault-scenarios'
import type { FaultRow } from './fault-table'

/** Where the clock lands: 30 s before expiry, well inside the 5-minute margin. */
const BEFORE_EXPIRY_MS = 30_000
/** How long a fault that ends is given to play out and be recovered from. */
const RECOVERY_WINDOW_MS = 3000

export async function playLateTimer(staged: Stage, row: FaultRow): Promise<Observation> {
  const { server, session, store } = staged
  const problems: string[] = []
  session.start()
  const held = await session.getTokens()
  const visitor = await visitorOf(server, held.accessToken)
  server.clearRequests()
  server.injectFault(row.fault, row.times)
  staged.moveClock(WIX_ACCESS_TOKEN_LIFETIME * 1000 - BEFORE_EXPIRY_MS)

  const outcome = nextOutcome(staged)
  const first = await settle(session.getAccessToken({ timeout: 50 }))
  if (!first.ok || first.value !== held.accessToken) {
    problems.push('the caller was not handed the held token at once')
  }
  const asking = keepAsking(session)
  const ended = await Promise.race([
    outcome.promise,
    sleep(row.times === 1 ? RECOVERY_WINDOW_MS : KEPT_WINDOW_MS).then(() => 'watched' as const),
  ])
  outcome.off()
  const answers = await asking.stop()
  const requests = server.requests.length
  staged.said.push(...[first, ...answers].flatMap(errorOf))
  checkRetryAfter(server, row, problems)
  if (requests === 0) problems.push('no refresh followed the hand-out')

  let observation: Observation
  if (ended === 'changed') {
    const tokens = await session.getTokens()
    const replaced = staged.events.some((event) => event.type === 'visitorReplaced')
    observation = { outcome: replaced ? 'replaced' : judgeTokens(tokens), requests, problems }
    if (
      observation.outcome === 'recovered' &&
      (await visitorOf(server, tokens.accessToken)) !== visitor
    ) {
      problems.push('the visitor changed without being replaced')
    }
    checkAnswers(answers, [held.accessToken, tokens.accessToken], problems, replaced)
  } else if (ended === 'failed') {
    const error = session.snapshot.error
    observation = await judgeFailure(staged, error, requests, problems)
    checkStoredUnchanged(await store.get(), held, problems)
    server.clearFaults()
    await backForSameVisitor(staged, visitor, problems, true)
  } else {
    observation = { outcome: 'kept', requests, problems }
    checkAnswers(answers, [held.accessToken], problems)
    if (answers.length === 0) problems.push('nobody was served while the refresh kept failing')
    checkStoredUnchanged(await store.get(), held, problems)
    server.clearFaults()
    await backForSameVisitor(staged, visitor, problems, false)
  }
  checkRecord(await store.get(), problems, true)
  checkLeaks(staged.wire, staged.said, problems)
  observation.lost = problems.some((problem) => LOSSES.some((loss) => problem.includes(loss)))
  return observation
}

/** The first of: new tokens committed, or the session failed. */
function nextOutcome(staged: Stage) {
  let off: () => void = () => undefined
  const promise = new Promise<'changed' | 'failed'>((resolve) => {
    const offChanged = staged.session.on('tokensChanged', () => resolve('changed'))
    const offState = staged.session.subscribe(({ state }) => {
      if (state === 'failed') resolve('failed')
    })
    off = () => {
      offChanged()
      offState()
    }
  })
  return { promise, off }
}

function errorOf(settled: Settled<string>): unknown[] {
  return settled.ok ? [] : [settled.error]
}
