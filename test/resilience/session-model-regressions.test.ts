/**
 * Runs the model-based tests found failing, kept as explicit step sequences so that each
 * replays exactly, whatever becomes of the generators. Each entry names the bug it found.
 */
import { afterEach, beforeEach, it, vi } from 'vitest'
import { playSteps, type Step } from './support/model-steps'
import { createTabWorld, DEFAULT_WORLD, type WorldParams } from './support/tab-world'

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
})

interface Regression {
  name: string
  /** Where fast-check found it (the seed replays only with the generators of that day). */
  foundBy: string
  params: WorldParams
  steps: Step[]
}

const regressions: Regression[] = [
  {
    name: 'a backoff is not stretched by the wall clock being set back during it',
    foundBy: 'seed 1211951734, path 49:0:1:1:1:1:1:2:2:1:1:2:4:4:4:3',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2000 },
    },
    steps: [
      { do: 'fault', fault: 'http-500', times: 1 },
      { do: 'jumpClock', ms: -540_000 },
    ],
  },
  {
    name: 'a clock set back while a mint is in flight does not stretch the token past its expiry',
    foundBy: 'seed -768783836, path 304:0:0:1:3:0:2:4:4:5:7:8:8:9:11:11',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
    },
    steps: [
      { do: 'fault', fault: 'slow', times: 1 },
      { do: 'jumpClock', ms: -7_200_000 },
      { do: 'advance', ms: 5000 },
      { do: 'jumpClock', ms: 1_800_000 },
      { do: 'advance', ms: 0 },
    ],
  },
  {
    name: 'refresh() resolves with the refreshed token when the clock was set back since the last one',
    foundBy:
      'test/integration/clock-changes.test.ts; the model shrinks to this once it checks that refresh() resolves',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
    },
    steps: [
      { do: 'jumpClock', ms: 18_000_000 },
      { do: 'jumpClock', ms: -7_200_000 },
      { do: 'refresh', tab: 'A' },
    ],
  },
]

it.each(regressions)('$name', async ({ params, steps }) => {
  const world = createTabWorld(params)
  world.tab('A').start()
  world.tab('B').start()
  await playSteps(world, steps)
})
