/**
 * `getAccessToken()` on a session holding a valid token, in Node, against the cheapest
 * ways to hold a token: awaiting it from a plain object, and reading it synchronously.
 * The three loops take turns, round after round, so background load hits each alike.
 *
 * Run as a script, it prints its result as JSON: `index.ts` runs it in a process of its
 * own, because a Playwright connection in the benchmark runner slows every `await`.
 */
import { createSession } from '../../src/index'
import { MOCK_CLIENT_ID, startMockWixServer } from '../../src/testing/index'
import { type Summary, summarise } from '../support/stats'

const WARM_UP_ROUNDS = 3
const MEASURED_ROUNDS = 9
const ROUND_MS = 300
const BATCH = 2_000

/** Calls per second of each loop, summarised over the measured rounds. */
export interface CallsPerSecondResult {
  getAccessToken: Summary
  awaitPlainObject: Summary
  syncPlainObject: Summary
  rounds: number
  roundMs: number
}

type Loop = (calls: number) => Promise<number> | number

/** Calls per second of `loop` over one round of about `ROUND_MS`. */
async function round(loop: Loop): Promise<number> {
  const started = performance.now()
  let calls = 0
  let elapsed = 0
  let sink = 0
  do {
    sink += await loop(BATCH)
    calls += BATCH
    elapsed = performance.now() - started
  } while (elapsed < ROUND_MS)
  if (sink === 0) throw new Error('the loop read no token')
  return (calls / elapsed) * 1000
}

async function measureCallsPerSecond(): Promise<CallsPerSecondResult> {
  const server = await startMockWixServer()
  const session = createSession({ clientId: MOCK_CLIENT_ID, tokenUrl: server.tokenUrl }).start()
  try {
    const plain = { token: await session.getAccessToken() }
    // Each loop returns the length of what it read, so no read can be optimised away.
    const loops: Record<'getAccessToken' | 'awaitPlainObject' | 'syncPlainObject', Loop> = {
      getAccessToken: async (calls) => {
        let read = 0
        for (let i = 0; i < calls; i++) read += (await session.getAccessToken()).length
        return read
      },
      awaitPlainObject: async (calls) => {
        let read = 0
        for (let i = 0; i < calls; i++) read += (await Promise.resolve(plain.token)).length
        return read
      },
      syncPlainObject: (calls) => {
        let read = 0
        for (let i = 0; i < calls; i++) read += plain.token.length
        return read
      },
    }
    const figures = { getAccessToken: [], awaitPlainObject: [], syncPlainObject: [] } as Record<
      keyof typeof loops,
      number[]
    >
    for (let i = 0; i < WARM_UP_ROUNDS + MEASURED_ROUNDS; i++) {
      for (const name of Object.keys(loops) as (keyof typeof loops)[]) {
        const perSecond = await round(loops[name])
        if (i >= WARM_UP_ROUNDS) figures[name].push(perSecond)
      }
    }
    if (server.requests.length !== 1) throw new Error('the session asked for more than one token')
    return {
      getAccessToken: summarise(figures.getAccessToken),
      awaitPlainObject: summarise(figures.awaitPlainObject),
      syncPlainObject: summarise(figures.syncPlainObject),
      rounds: MEASURED_ROUNDS,
      roundMs: ROUND_MS,
    }
  } finally {
    session.stop()
    await server.close()
  }
}

process.stdout.write(JSON.stringify(await measureCallsPerSecond()))
