/**
 * The fault matrix of docs/fault-matrix.md, played row by row against the mock Wix server
 * over real HTTP: every fault on the mint, on a refresh while the token is valid, and on
 * a refresh after it expired. The document is the single source of truth; this file only
 * plays it and compares.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Observation, playScenario, type Variant } from './support/fault-scenarios'
import { type Expected, readFaultMatrix, SCENARIOS } from './support/fault-table'
import { FULL } from './support/resilience-size'

const matrixPath = new URL('../../docs/fault-matrix.md', import.meta.url)
const rows = readFaultMatrix(readFileSync(matrixPath, 'utf8'))

/** The faults issue 5 names: each must have a row. */
const REQUIRED_FAULTS = [
  'http-500',
  'http-502',
  'http-503',
  'http-504',
  'http-429-retry-after',
  'http-429',
  'http-408',
  'timeout',
  'dropped',
  'html-502',
  'malformed-json',
  'missing-fields',
  'wrong-types',
  'expires-in-zero',
  'expires-in-negative',
  'expires-in-huge',
  'bad-client-id',
  'invalid-grant',
]

const VARIANTS: Variant[] = FULL
  ? [
      { encoding: 'json', rotateRefreshTokens: true },
      { encoding: 'form', rotateRefreshTokens: true },
      { encoding: 'json', rotateRefreshTokens: false },
      { encoding: 'form', rotateRefreshTokens: false },
    ]
  : [{ encoding: 'json', rotateRefreshTokens: true }]

const cases = rows.flatMap((row) => SCENARIOS.map((scenario) => ({ row, scenario })))
/** Requests per fault and scenario, over every variant played: the figures docs quote. */
const tally = { played: 0, lost: 0, requests: new Map<string, number[][]>() }
const range = (counts: number[] = []) => {
  const [low, high] = [Math.min(...counts), Math.max(...counts)]
  return low === high ? `${low}` : `${low}–${high}`
}

// Log lines are where tokens leak in practice; every one written during the matrix is kept.
const logged: unknown[] = []
beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(...args)
    })
  }
})
afterAll(() => {
  vi.restoreAllMocks()
  expect(logged).toEqual([])
  const perFault = [...tally.requests].map(
    ([id, counts]) => `${id} ${SCENARIOS.map((_, index) => range(counts[index])).join('/')}`,
  )
  console.log(
    `fault matrix: ${rows.length} faults, ${tally.played} scenarios played, ${tally.lost} sessions lost\n` +
      `requests (${SCENARIOS.join('/')}): ${perFault.join(', ')}`,
  )
})

describe('the matrix document', () => {
  it('has a row for every fault issue 5 names', () => {
    const ids = rows.map((row) => row.id)
    expect(REQUIRED_FAULTS.filter((id) => !ids.includes(id))).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe.each(VARIANTS)('with $encoding bodies, rotation $rotateRefreshTokens', (variant) => {
  it.concurrent.each(cases)('$row.id on $scenario', async ({ row, scenario }) => {
    const seen = await playScenario(row, scenario, variant)
    tally.played += 1
    if (seen.lost) tally.lost += 1
    const counts = tally.requests.get(row.id) ?? SCENARIOS.map(() => [])
    counts[SCENARIOS.indexOf(scenario)]?.push(seen.requests)
    tally.requests.set(row.id, counts)

    expect(seen.problems).toEqual([])
    expect(summary(seen)).toEqual(summary(row.expected[scenario], seen))
  })
})

/** Observation and expectation in one comparable shape; a `kept` bound is checked here. */
function summary(value: Observation | Expected, observed?: Observation) {
  if ('maxRequests' in value) {
    const within =
      observed !== undefined && observed.requests >= 1 && observed.requests <= value.maxRequests
    return { outcome: 'kept', requests: within ? observed.requests : `1 to ${value.maxRequests}` }
  }
  return {
    outcome: value.outcome,
    code: 'code' in value ? value.code : undefined,
    requests: value.requests,
  }
}
