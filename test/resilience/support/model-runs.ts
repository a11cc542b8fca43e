/**
 * Model-based tests of the session: random interleavings of callers, refreshes,
 * sign-outs, stops and starts, clock jumps (among them late timers), wake events, other
 * tabs' announcements and injected faults, played against two real sessions sharing one
 * lock and channel, and one store (as IndexedDB) or a memory store each. Every step
 * checks the invariants of issue 5 (see `TabWorld.check` and `finish`).
 *
 * The runs are split into shards, one test file each, so that vitest plays them in
 * parallel workers (the `model` project). Shard k of n plays its share of the runs from
 * seed `base + k - 1`; the base comes from MODEL_SEED or is drawn for the whole test run
 * (see model-figures.ts, which also prints the figures of all shards together). A failing
 * run prints its steps, and the command that replays it alone.
 */
import { relative } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, expect, inject, it, vi } from 'vitest'
import { sessionMachine } from '../../../machines/session.machine'
import { allTransitions } from '../../support/transition-coverage'
import {
  addMemberFigures,
  describeMembers,
  emptyMemberFigures,
  runMemberFigures,
  type ShardFigures,
  writeShardFigures,
} from './model-figures'
import { playSteps, stepsFor } from './model-steps'
import { FULL, SIZE } from './resilience-size'
import {
  createTabWorld,
  DEFAULT_WORLD,
  END_INVARIANTS,
  STEP_INVARIANTS,
  type WorldParams,
} from './tab-world'

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)

const worldArbitrary: fc.Arbitrary<WorldParams> = fc.record({
  accessTokenLifetime: fc.constantFrom(60, 600, 14_400),
  rotateRefreshTokens: fc.boolean(),
  retry: fc.record({
    maxAttempts: fc.constantFrom(1, 3, 4),
    baseDelayMs: fc.constantFrom(200, 500),
    maxDelayMs: fc.constantFrom(2000, 4000),
  }),
  requestTimeout: fc.constant(DEFAULT_WORLD.requestTimeout),
  // A lock timeout shorter than a slow request lets one tab steal the lock from another.
  lockTimeout: fc.constantFrom(undefined, 1000),
  waitTimeout: fc.constant(DEFAULT_WORLD.waitTimeout),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  storage: fc.constantFrom('shared' as const, 'per-tab' as const),
})

const runArbitrary = worldArbitrary.chain((params) =>
  fc.tuple(
    fc.constant(params),
    fc.array(stepsFor(params.storage ?? 'shared'), {
      minLength: 1,
      maxLength: SIZE.modelSteps,
      size: 'max',
    }),
  ),
)

/** Runs shard `shard` of `of` plays: the total split as evenly as it goes. */
function runsOfShard(total: number, shard: number, of: number): number {
  return Math.floor(total / of) + (shard <= total % of ? 1 : 0)
}

/**
 * Define the test of one shard of the model runs.
 *
 * @example
 * ```ts
 * // test/resilience/session-model.shard-1.test.ts
 * defineModelShard({ shard: 1, of: 2 })
 * ```
 */
export function defineModelShard({ shard, of }: { shard: number; of: number }) {
  const numRuns = runsOfShard(SIZE.modelRuns, shard, of)
  const base = inject('modelSeed')
  const seed = (base + shard - 1) | 0
  const path = process.env.MODEL_PATH

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it(`keeps every invariant over ${numRuns} random runs of two tabs (shard ${shard} of ${of})`, async () => {
    const figures: ShardFigures = {
      shard,
      of,
      seed,
      runs: 0,
      steps: 0,
      checks: 0,
      invariants: { step: STEP_INVARIANTS.length, end: END_INVARIANTS.length },
      lateHandOuts: 0,
      members: emptyMemberFigures(),
      chart: [...allTransitions(sessionMachine)],
      taken: [],
    }
    const taken = new Set<string>()
    const details = await fc.check(
      fc.asyncProperty(runArbitrary, async ([params, sequence]) => {
        vi.useFakeTimers({ now: T0 })
        vi.clearAllTimers()
        const world = createTabWorld(params, { taken })
        world.tab('A').start()
        world.tab('B').start()
        await playSteps(world, sequence)
        figures.runs += 1
        figures.steps += sequence.length
        figures.checks +=
          world.counted.stepChecks * STEP_INVARIANTS.length +
          world.counted.endChecks * END_INVARIANTS.length
        figures.lateHandOuts += world.lateHandOuts.handOuts
        addMemberFigures(figures.members, runMemberFigures(world.members))
      }),
      { numRuns, seed, ...(path ? { path } : {}) },
    )
    if (details.failed) {
      const file = relative(process.cwd(), expect.getState().testPath ?? '')
      const replay = `${FULL ? 'RESILIENCE=full ' : ''}MODEL_SEED=${base} MODEL_PATH=${details.counterexamplePath} npx vitest run --project model ${file}`
      throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay this run alone: ${replay}`, {
        cause: details.errorInstance,
      })
    }
    figures.taken = [...taken]
    writeShardFigures(inject('modelFiguresDir'), figures)
    const untaken = figures.chart.filter((key) => !taken.has(key))
    console.log(
      `model shard ${shard} of ${of} (seed ${seed}): ${figures.runs} runs, ${figures.steps} steps, ${figures.checks} invariant checks, ${figures.lateHandOuts} hand-outs with a late timer, ${figures.chart.length - untaken.length} of ${figures.chart.length} transitions taken\n  ${describeMembers(figures.members)}`,
    )
    // A replay (MODEL_PATH) plays the one run and whatever fast-check shrinks it to.
    if (path) return
    expect(figures.runs).toBe(numRuns)
    // The late-timer promise was put to the test, not passed for want of a case.
    expect(figures.lateHandOuts).toBeGreaterThan(0)
    // And so was every member promise.
    for (const [promise, cases] of Object.entries(figures.members.applied)) {
      expect(cases, `cases judged by the member promise "${promise}"`).toBeGreaterThan(0)
    }
  })
}
