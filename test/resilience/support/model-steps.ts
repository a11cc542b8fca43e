/**
 * The steps a model run is made of, as plain data (so a failing run prints as a sequence
 * that can be pasted into a regression test), the fast-check arbitraries that generate
 * them, and the driver that plays them against a `TabWorld`.
 */
import fc from 'fast-check'
import { channelName } from '../../../src/actors/tab-sync'
import { MOCK_CLIENT_ID } from '../../../src/testing/index'
import type { MockFault } from '../../../src/testing/mock-wix-server.types'
import { FORGERIES, type Forgery, forge, NEED_A_SHARED_STORE } from './model-forgeries'
import { TAB_NAMES, type TabName, type TabWorld } from './tab-world'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** Faults the endpoint can be told to play, by name. */
export const MODEL_FAULTS = {
  'http-500': { status: 500 },
  'http-503-retry-after': { status: 503, retryAfter: 3 },
  'http-429': { status: 429 },
  'http-429-retry-after': { status: 429, retryAfter: 5 },
  drop: { drop: true },
  hang: { hang: true },
  slow: { delayMs: 1500 },
  'malformed-json': { malformedJson: true },
  'missing-fields': { response: { token_type: 'Bearer' } },
  'expires-in-zero': {
    response: { access_token: 'OauthNG.JWS.zero', refresh_token: 'JWS.zero', expires_in: 0 },
  },
  'refresh-invalid-grant': {
    grantType: 'refresh_token',
    status: 400,
    body: {
      message: 'Refresh token is not valid',
      details: { applicationError: { code: 'invalid_grant' } },
    },
  },
  'mint-invalid-client': { grantType: 'anonymous', status: 400 },
} satisfies Record<string, MockFault>

export type ModelFault = keyof typeof MODEL_FAULTS

export type Step =
  | { do: 'getAccessToken' | 'getTokens' | 'refresh' | 'signOut'; tab: TabName }
  | { do: 'stop' | 'start' | 'retry'; tab: TabName }
  | { do: 'advance'; ms: number }
  | { do: 'jumpClock'; ms: number }
  /** The wall clock jumps `at` of the way into `tab`'s refresh margin; no timer fires. */
  | { do: 'lateTimer'; tab: TabName; at: number }
  | {
      do: 'wake'
      tab: TabName
      event: 'focus' | 'pageshow' | 'visibilitychange' | 'online' | 'offline'
    }
  | { do: 'fault'; fault: ModelFault; times: number }
  | { do: 'forge'; message: Forgery }
  /** The test member logs in in `tab` (its tokens imported, as `completeLogin()` does). */
  | { do: 'login'; tab: TabName }
  /** The member logs out on another device: Wix revokes every refresh token of theirs. */
  | { do: 'endMember' }

const tab = fc.constantFrom(...TAB_NAMES)

/** Forwards as a sleep does, backwards as a clock correction does. */
const CLOCK_JUMPS = [5 * HOUR, 30 * MINUTE, 9 * MINUTE, 10_000, -10_000, -9 * MINUTE, -2 * HOUR]

/**
 * Where in a refresh margin a late timer lands: as the refresh falls due, halfway, and
 * just before the access token expires.
 */
const MARGIN_POINTS = [0, 0.5, 0.99]

/** One step, weighted towards callers and the passing of time. */
export const stepArbitrary: fc.Arbitrary<Step> = stepsFor('shared')

/** Steps for a world whose tabs share one store, or keep one each. */
export function stepsFor(storage: 'shared' | 'per-tab'): fc.Arbitrary<Step> {
  const forgeries =
    storage === 'shared' ? FORGERIES : FORGERIES.filter((f) => !NEED_A_SHARED_STORE.includes(f))
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        do: fc.constantFrom('getAccessToken' as const, 'getTokens' as const),
        tab,
      }),
    },
    { weight: 2, arbitrary: fc.record({ do: fc.constant('refresh' as const), tab }) },
    { weight: 1, arbitrary: fc.record({ do: fc.constant('signOut' as const), tab }) },
    {
      weight: 2,
      arbitrary: fc.record({
        do: fc.constantFrom('stop' as const, 'start' as const, 'retry' as const),
        tab,
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        do: fc.constant('advance' as const),
        ms: fc.oneof(
          fc.constantFrom(0, 100, 1000, 5000, 30_000, 5 * MINUTE, 20 * MINUTE, 2 * HOUR),
          fc.integer({ min: 1, max: 10 * MINUTE }),
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        do: fc.constant('jumpClock' as const),
        ms: fc.constantFrom(...CLOCK_JUMPS),
      }),
    },
    {
      // Enough that each shard of a small run (50 runs) makes a late hand-out or ten.
      weight: 3,
      arbitrary: fc.record({
        do: fc.constant('lateTimer' as const),
        tab,
        at: fc.constantFrom(...MARGIN_POINTS),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        do: fc.constant('wake' as const),
        tab,
        event: fc.constantFrom(
          'focus' as const,
          'pageshow' as const,
          'visibilitychange' as const,
          'online' as const,
          'offline' as const,
        ),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        do: fc.constant('fault' as const),
        fault: fc.constantFrom(...(Object.keys(MODEL_FAULTS) as ModelFault[])),
        times: fc.constantFrom(1, 2, 5, 20),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        do: fc.constant('forge' as const),
        message: fc.constantFrom(...forgeries),
      }),
    },
    // Weighted so that a run of 40 to 60 steps sees two or three logins and an ending or
    // two, with sign-outs (weight 1) and time passing between them.
    { weight: 2, arbitrary: fc.record({ do: fc.constant('login' as const), tab }) },
    { weight: 1, arbitrary: fc.constant({ do: 'endMember' as const }) },
  )
}

/** Play `steps`, checking every invariant after each one; throws with the trace on a breach. */
export async function playSteps(world: TabWorld, steps: readonly Step[]): Promise<void> {
  for (const [index, step] of steps.entries()) {
    world.steps.push(describe(step))
    await apply(world, step)
    await world.settle()
    const broken = await world.check()
    if (broken.length > 0) throw new InvariantBroken(broken, index, steps)
  }
  const broken = await world.finish()
  if (broken.length > 0) throw new InvariantBroken(broken, steps.length, steps)
}

export class InvariantBroken extends Error {
  constructor(
    readonly broken: string[],
    readonly atStep: number,
    readonly steps: readonly Step[],
  ) {
    super(
      `after step ${atStep} of ${JSON.stringify(steps)}:\n${broken.map((line) => `- ${line}`).join('\n')}`,
    )
    this.name = 'InvariantBroken'
  }
}

async function apply(world: TabWorld, step: Step): Promise<void> {
  switch (step.do) {
    case 'getAccessToken':
    case 'getTokens':
    case 'refresh':
    case 'signOut':
      return world[step.do](step.tab)
    case 'stop':
      return world.stop(step.tab)
    case 'start':
      world.tab(step.tab).start()
      return
    case 'retry':
      return world.tab(step.tab).retry()
    case 'advance':
      await world.advance(step.ms)
      return
    case 'jumpClock':
      return world.jumpClock(step.ms)
    case 'lateTimer':
      return world.jumpIntoMargin(step.tab, step.at)
    case 'wake': {
      const page = world.page(step.tab)
      if (step.event === 'visibilitychange') page.show()
      else page.fire(step.event)
      return
    }
    case 'fault':
      return world.server.injectFault(MODEL_FAULTS[step.fault], step.times)
    case 'forge':
      return world.bus.post(channelName(MOCK_CLIENT_ID), forge(world, step.message))
    case 'login':
      return world.login(step.tab)
    case 'endMember':
      return world.endMember()
  }
}

function describe(step: Step): string {
  return JSON.stringify(step)
}
