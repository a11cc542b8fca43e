/**
 * Reads the fault matrix out of `docs/fault-matrix.md`, so that the table people read is
 * the one the test plays. A row that cannot be read is an error, never a skipped row.
 */
import type { MockFault } from '../../../src/testing/mock-wix-server.types'

export const SCENARIOS = ['mint', 'refresh', 'expired', 'late'] as const
export type Scenario = (typeof SCENARIOS)[number]

/** What a cell of the matrix promises. */
export type Expected =
  | { outcome: 'recovered' | 'clamped' | 'replaced'; requests: number }
  | { outcome: 'failed'; code: string; requests: number }
  | { outcome: 'kept'; maxRequests: number }

export interface FaultRow {
  id: string
  description: string
  fault: MockFault
  /** How many token requests the fault hits: 1, or every one (`Infinity`). */
  times: number
  expected: Record<Scenario, Expected>
}

const CELL = /^(recovered|clamped|replaced|failed|kept)(?: ([a-z_]+))? · (≤ )?(\d+)$/

/** The rows of the table under `## The matrix`. Throws on anything it cannot read. */
export function readFaultMatrix(markdown: string): FaultRow[] {
  const section = markdown.split(/^## The matrix\s*$/m)[1]?.split(/^## /m)[0]
  if (section === undefined) throw new Error('docs/fault-matrix.md has no "## The matrix" section')
  const lines = section.split('\n').filter((line) => line.trimStart().startsWith('|'))
  const [header, separator, ...rows] = lines
  const columns = header ? cells(header) : []
  const wanted = ['id', 'fault', 'injected', 'times', ...SCENARIOS]
  if (columns.join() !== wanted.join() || !separator) {
    throw new Error(
      `the matrix must have the columns ${wanted.join(', ')}; found ${columns.join(', ')}`,
    )
  }
  return rows.map((line) => readRow(cells(line)))
}

function readRow(values: string[]): FaultRow {
  const [id, description, injected, times, ...outcomes] = values
  if (!id || !description || !injected || !times || outcomes.length !== SCENARIOS.length) {
    throw new Error(`a matrix row has ${values.length} cells: ${values.join(' | ')}`)
  }
  const name = unquote(id)
  let fault: MockFault
  try {
    fault = JSON.parse(unquote(injected)) as MockFault
  } catch {
    throw new Error(`row ${name}: the injected fault is not JSON: ${injected}`)
  }
  if (times !== '1' && times !== 'all') throw new Error(`row ${name}: times must be 1 or all`)
  const expected = Object.fromEntries(
    SCENARIOS.map((scenario, index) => [scenario, readCell(name, scenario, outcomes[index] ?? '')]),
  ) as Record<Scenario, Expected>
  return {
    id: name,
    description,
    fault,
    times: times === 'all' ? Number.POSITIVE_INFINITY : 1,
    expected,
  }
}

function readCell(id: string, scenario: Scenario, cell: string): Expected {
  const match = CELL.exec(cell)
  const [, outcome, code, atMost, count] = match ?? []
  const problem = `row ${id}, ${scenario}: cannot read "${cell}"`
  if (!outcome || !count) throw new Error(problem)
  const requests = Number(count)
  if (outcome === 'kept') {
    if (!atMost || code) throw new Error(`${problem} (write "kept · ≤ n")`)
    return { outcome, maxRequests: requests }
  }
  if (atMost) throw new Error(`${problem} (only kept takes a bound)`)
  if (outcome === 'failed') {
    if (!code) throw new Error(`${problem} (write "failed code · n")`)
    return { outcome, code, requests }
  }
  if (code) throw new Error(`${problem} (only failed takes a code)`)
  return { outcome: outcome as 'recovered' | 'clamped' | 'replaced', requests }
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim())
}

function unquote(cell: string): string {
  return cell.replace(/^`|`$/g, '')
}
