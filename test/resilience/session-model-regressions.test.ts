/**
 * Runs the model-based tests found failing, kept as explicit step sequences so that each
 * replays exactly, whatever becomes of the generators. Each entry names the bug it found.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
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
  /** Hand-outs the run must make while a refresh is due that the timer slept through. */
  lateHandOuts?: number
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
  {
    name: 'a forged sign-out of the held session is not believed while the shared store holds it',
    foundBy: 'seed 128106380, path 56:0:0:0:1:1:2:3:8:8:3 (with a sign-out taken as a discard)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
    },
    steps: [
      { do: 'getAccessToken', tab: 'A' },
      { do: 'forge', message: 'signed-out-current' },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab stopped during a sign-out elsewhere catches up when it starts again',
    foundBy: 'a per-tab run (tabs ended with different visitors)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 14_400,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
      storage: 'per-tab',
    },
    steps: [
      { do: 'advance', ms: 250 },
      { do: 'stop', tab: 'A' },
      { do: 'signOut', tab: 'B' },
      { do: 'advance', ms: 30_000 },
    ],
  },
  {
    name: 'memory stores: a tab holding nothing joins a session whose access token expired',
    foundBy: 'seed 2 (per-tab; a second visitor was minted)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 14_400,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2000 },
      seed: 2,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'A' },
      { do: 'advance', ms: 250 },
      { do: 'jumpClock', ms: 18_000_000 },
      { do: 'forge', message: 'backoff-forever' },
      { do: 'refresh', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab restarted with spent tokens takes the later, expired ones of another',
    foundBy: 'seed 999998 (per-tab; a spent refresh token was sent and the visitor replaced)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 4000 },
      lockTimeout: 1000,
      seed: 999_998,
      storage: 'per-tab',
    },
    steps: [
      { do: 'advance', ms: 30_000 },
      { do: 'stop', tab: 'A' },
      { do: 'advance', ms: 1_200_000 },
      { do: 'stop', tab: 'B' },
      { do: 'jumpClock', ms: 18_000_000 },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab restored while another is asking hands it the visitor',
    foundBy: 'seed 17250 (per-tab; the asking tab minted a second visitor)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
      lockTimeout: 1000,
      seed: 17_250,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'A' },
      { do: 'advance', ms: 5000 },
      { do: 'stop', tab: 'B' },
      { do: 'start', tab: 'A' },
      { do: 'fault', fault: 'http-500', times: 1 },
    ],
  },
  {
    name: 'memory stores: a refresh made after the clock was set back still reads as the later one',
    foundBy: 'seed 999999 (per-tab; a spent refresh token was sent, before token generations)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 14_400,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 4000 },
      seed: 999_999,
      storage: 'per-tab',
    },
    steps: [
      { do: 'advance', ms: 30_000 },
      { do: 'refresh', tab: 'B' },
      { do: 'jumpClock', ms: -540_000 },
      { do: 'refresh', tab: 'A' },
      { do: 'wake', tab: 'A', event: 'focus' },
    ],
  },
  {
    name: 'a hand-out while the wall clock says a refresh is due hands out the held token and starts the refresh',
    foundBy: 'the late-timer step, on the code before b6367ac (the refresh started only at expiry)',
    lateHandOuts: 1,
    params: { ...DEFAULT_WORLD, accessTokenLifetime: 600 },
    steps: [
      { do: 'advance', ms: 0 },
      { do: 'lateTimer', tab: 'A', at: 0.5 },
      { do: 'getTokens', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a hand-out just before expiry, the refresh timer asleep, starts the refresh',
    foundBy: 'the late-timer step, on the code before b6367ac',
    lateHandOuts: 1,
    params: { ...DEFAULT_WORLD, accessTokenLifetime: 60, storage: 'per-tab' },
    steps: [
      // Long enough for the first tab to ask the other and mint.
      { do: 'advance', ms: 1000 },
      { do: 'lateTimer', tab: 'B', at: 0.99 },
      { do: 'getAccessToken', tab: 'B' },
    ],
  },
  {
    name: 'a hand-out as the refresh falls due, the refresh timer asleep, starts the refresh',
    foundBy: 'seed -282491500, path 1:10:1:7:7:7:11:13:9:10:10:10:4:4 (on the code before b6367ac)',
    lateHandOuts: 1,
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 2000 },
      lockTimeout: 1000,
      seed: 8,
    },
    steps: [
      { do: 'jumpClock', ms: 18_000_000 },
      { do: 'lateTimer', tab: 'A', at: 0 },
      { do: 'getAccessToken', tab: 'A' },
      { do: 'lateTimer', tab: 'A', at: 0 },
    ],
  },
  {
    name: 'memory stores: a session signed out is not kept from a tab that answers before it hears of the sign-out',
    foundBy:
      'seed 1213342106, path 7:28:2:3:8:9:10:11:7:8:6:5:5 (the member came back after signOut())',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 4000 },
      lockTimeout: 1000,
      seed: 480_649,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'fault', fault: 'http-500', times: 1 },
      { do: 'signOut', tab: 'A' },
      { do: 'advance', ms: 1_200_000 },
    ],
  },
  {
    name: "memory stores: a tab whose member's session ended does not take the visitor of a tab that never heard of the member",
    foundBy: 'seed 100, shard 2 of 2 (RESILIENCE=full)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 600,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 2000 },
      lockTimeout: 1000,
      seed: 746_381,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'B' },
      { do: 'login', tab: 'A' },
      { do: 'endMember' },
      { do: 'lateTimer', tab: 'A', at: 0 },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab that signed out does not take the session back from a tab stopped through the sign-out',
    foundBy: 'seed 100, shard 1 of 2 (RESILIENCE=full; the member came back after signOut())',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 2000 },
      lockTimeout: 1000,
      seed: 999_985,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'stop', tab: 'A' },
      { do: 'signOut', tab: 'B' },
      { do: 'fault', fault: 'http-500', times: 1 },
      { do: 'advance', ms: 250 },
      { do: 'jumpClock', ms: 18_000_000 },
    ],
  },
  {
    name: 'memory stores: a tab that signed out does not go back to an earlier login a restarted tab still holds',
    foundBy: 'seed 100, shard 2 of 2 (RESILIENCE=full; the first login came back after signOut())',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 4000 },
      seed: 715_381,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'stop', tab: 'B' },
      { do: 'login', tab: 'A' },
      { do: 'signOut', tab: 'A' },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab stopped during its own sign-out does not take the signed-out member back when it starts again',
    foundBy: 'seed 100, shard 1 of 2 (RESILIENCE=full; the member came back after signOut())',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 2000 },
      seed: 309_387,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'stop', tab: 'A' },
      { do: 'signOut', tab: 'B' },
      { do: 'stop', tab: 'B' },
      { do: 'wake', tab: 'A', event: 'focus' },
    ],
  },
  {
    name: 'memory stores: a sign-out made while holding nothing does not delete the login that came after it',
    foundBy:
      'seed 100, shard 2 of 2 (RESILIENCE=full; the store lost the member, then a visitor replaced it)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 4000 },
      lockTimeout: 1000,
      seed: 830_420,
      storage: 'per-tab',
    },
    steps: [
      { do: 'fault', fault: 'http-500', times: 1 },
      { do: 'signOut', tab: 'B' },
      { do: 'login', tab: 'A' },
      { do: 'advance', ms: 1_200_000 },
    ],
  },
  {
    name: "memory stores: signing out a member whose session ended forgets it, though the new visitor's mint fails",
    foundBy: 'seed 100, shard 1 of 2 (RESILIENCE=full; on the code of da426b5)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 2000 },
      lockTimeout: 1000,
      seed: 999_985,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'endMember' },
      { do: 'advance', ms: 30_250 },
      { do: 'fault', fault: 'http-500', times: 1 },
      { do: 'signOut', tab: 'A' },
      { do: 'advance', ms: 250 },
      { do: 'jumpClock', ms: 18_000_000 },
    ],
  },
  {
    name: 'a tab stopped during its sign-out finishes it when it starts again: it forgets the session and tells the others',
    foundBy:
      'seed 2106960734, shard 1 of 2 (RESILIENCE=full; per-tab; both tabs ended as the member signed out)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 4000 },
      requestTimeout: 2000,
      seed: 3,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'refresh', tab: 'A' },
      { do: 'signOut', tab: 'B' },
      { do: 'stop', tab: 'B' },
      { do: 'advance', ms: 1 },
    ],
  },
  {
    name: "memory stores: a tab that never heard of the member mints its own visitor once the member's session has ended",
    foundBy:
      'seed 2106960735, shard 2 of 2 (RESILIENCE=full; per-tab; the mint was taken for a lost session)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: true,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
      requestTimeout: 2000,
      seed: 1,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'A' },
      { do: 'advance', ms: 150 },
      { do: 'advance', ms: 100 },
      { do: 'login', tab: 'B' },
      { do: 'endMember' },
      { do: 'lateTimer', tab: 'B', at: 0 },
    ],
  },
  {
    name: 'memory stores: a visitor refreshed for hours in a tab that never heard of the login does not outrank the member',
    foundBy:
      'RESILIENCE=full, per-tab (tab A went from the member to the visitor it adopted, before token-order.ts births)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 600,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 4000 },
      requestTimeout: 2000,
      lockTimeout: 1000,
      seed: 693_647,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'B' },
      { do: 'login', tab: 'A' },
      { do: 'stop', tab: 'A' },
      { do: 'start', tab: 'B' },
      { do: 'advance', ms: 300_000 },
      { do: 'advance', ms: 500 },
      { do: 'jumpClock', ms: 18_000_000 },
    ],
  },
  {
    name: 'memory stores: a login outranks a visitor refreshed after the clock was set back, in a tab that never heard of it',
    foundBy:
      'RESILIENCE=full, per-tab (tab B went from the member to the visitor it adopted, before token-order.ts births)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
      requestTimeout: 2000,
      seed: 1,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'B' },
      { do: 'advance', ms: 30_500 },
      { do: 'jumpClock', ms: -7_200_000 },
      { do: 'stop', tab: 'A' },
      { do: 'start', tab: 'B' },
      { do: 'login', tab: 'B' },
      { do: 'refresh', tab: 'A' },
    ],
  },
  {
    name: "memory stores: a tab whose member's session ended does not keep another tab's older visitor in its store, so retry() keeps it ended",
    foundBy:
      'RESILIENCE=full, per-tab (tab B went from the member to a visitor, restored, with no sign-out)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
      requestTimeout: 2000,
      seed: 1,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'A' },
      { do: 'fault', fault: 'refresh-invalid-grant', times: 2 },
      { do: 'login', tab: 'B' },
      { do: 'advance', ms: 1_200_000 },
      { do: 'start', tab: 'A' },
      { do: 'advance', ms: 30_500 },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: "memory stores: an ended member's tab keeps its ending through another tab's sign-out of a visitor it never shared",
    foundBy:
      'RESILIENCE=full, per-tab (tab A went from the member to a visitor, restored, with no sign-out)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 600,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 4000 },
      requestTimeout: 2000,
      lockTimeout: 1000,
      seed: 485_832,
      storage: 'per-tab',
    },
    steps: [
      { do: 'fault', fault: 'refresh-invalid-grant', times: 1 },
      { do: 'stop', tab: 'B' },
      { do: 'login', tab: 'A' },
      { do: 'advance', ms: 300_000 },
      { do: 'start', tab: 'B' },
      { do: 'advance', ms: 500 },
      { do: 'signOut', tab: 'B' },
      { do: 'getAccessToken', tab: 'A' },
    ],
  },
  {
    name: 'memory stores: a tab stopped through the sign-out of its ended member hears of it when it starts again',
    foundBy:
      'RESILIENCE=full, per-tab (tab A ended with member_session_ended, though no member was logged in)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 600,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 2000 },
      requestTimeout: 2000,
      lockTimeout: 1000,
      seed: 15,
      storage: 'per-tab',
    },
    steps: [
      { do: 'login', tab: 'A' },
      { do: 'endMember' },
      { do: 'advance', ms: 300_250 },
      { do: 'stop', tab: 'A' },
      { do: 'signOut', tab: 'B' },
      { do: 'advance', ms: 30_000 },
    ],
  },
  {
    name: 'memory stores: a login outranks the visitors a stopped tab minted in a row without hearing of it',
    foundBy:
      'RESILIENCE=full, per-tab (tab A went from the member to the visitor it adopted; logins were born two steps up)',
    params: {
      ...DEFAULT_WORLD,
      accessTokenLifetime: 60,
      rotateRefreshTokens: false,
      retry: { maxAttempts: 1, baseDelayMs: 200, maxDelayMs: 2000 },
      requestTimeout: 2000,
      seed: 1,
      storage: 'per-tab',
    },
    steps: [
      { do: 'stop', tab: 'A' },
      { do: 'fault', fault: 'refresh-invalid-grant', times: 1 },
      { do: 'advance', ms: 300_000 },
      { do: 'stop', tab: 'B' },
      { do: 'start', tab: 'A' },
      { do: 'login', tab: 'A' },
      { do: 'advance', ms: 1 },
    ],
  },
]

it.each(regressions)('$name', async ({ params, steps, lateHandOuts }) => {
  const world = createTabWorld(params)
  world.tab('A').start()
  world.tab('B').start()
  await playSteps(world, steps)
  // Every step of a regression is played (no login is skipped as concurrent).
  expect(world.members.figures.loginsSkipped).toBe(0)
  if (lateHandOuts !== undefined) expect(world.lateHandOuts.handOuts).toBe(lateHandOuts)
})
