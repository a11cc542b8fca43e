/**
 * The soak: thousands of refresh cycles of one real session under fake timers, measuring
 * at checkpoints that nothing grows: heap in use, pending timers, listeners, observers.
 * `npm test` runs 1,000 cycles; RESILIENCE=full runs 10,000.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { SIZE } from './support/resilience-size'
import { runSoak } from './support/soak'

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 25, 12, 0, 0) })
})
afterEach(() => {
  vi.useRealTimers()
})

/**
 * Heap growth tolerated after the warm-up (the first tenth of the cycles, while code is
 * compiled and caches fill). A leak of one small object per cycle (200 bytes) grows the
 * heap by 2 MB over the full run.
 */
const HEAP_TOLERANCE = 1024 * 1024

it(`stays flat over ${SIZE.soakCycles} refresh cycles`, async () => {
  const result = await runSoak(SIZE.soakCycles)
  const [start, first, ...rest] = result.checkpoints
  if (!start || !first) throw new Error('too few checkpoints were measured')
  const last = rest.at(-1) ?? first
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2)
  console.log(
    [
      `soak: ${SIZE.soakCycles} cycles, ${result.refreshRequests} refresh requests, gc ${result.gcAvailable ? 'on' : 'off'}`,
      ...result.checkpoints.map(
        (point) =>
          `  cycle ${String(point.cycle).padStart(6)}: heap ${mb(point.heapUsed)} MB, timers ${point.timers}, page listeners ${point.pageListeners}, channel listeners ${point.channelListeners}, actor observers ${point.actorObservers}`,
      ),
      `  heap: warm-up ${mb(first.heapUsed - start.heapUsed)} MB, then ${mb(last.heapUsed - first.heapUsed)} MB over ${last.cycle - first.cycle} cycles`,
    ].join('\n'),
  )

  // Exactly one refresh per cycle, plus the forced ones, and no new visitor.
  expect(result.mintRequests).toBe(1)
  expect(result.refreshRequests).toBe(SIZE.soakCycles + Math.floor((SIZE.soakCycles + 4) / 10))
  for (const point of [first, ...rest]) {
    expect(point.timers).toBe(start.timers)
    expect(point.pageListeners).toBe(start.pageListeners)
    expect(point.channelListeners).toBe(start.channelListeners)
    expect(point.actorObservers).toBe(start.actorObservers)
  }
  if (result.gcAvailable) expect(last.heapUsed - first.heapUsed).toBeLessThan(HEAP_TOLERANCE)
  expect(vi.getTimerCount()).toBe(0)
}, 300_000)
