/**
 * The diagram in the docs is the machine: regenerating it must give the checked-in file
 * byte for byte (run `npm run docs:chart` after changing the chart).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createMachine } from 'xstate'
import { sessionMachine } from '../../machines/session.machine'
import { renderMermaid, renderStateChartDoc, STATE_CHART_DOC } from '../../scripts/state-chart'
import { allStates, chartOf } from '../../src/devtools/chart-model'

const checkedIn = readFileSync(
  fileURLToPath(new URL(`../../${STATE_CHART_DOC}`, import.meta.url)),
  'utf8',
)

describe('docs/state-chart.md', () => {
  it('is what the generator makes of the machine today (run `npm run docs:chart` if not)', () => {
    expect(checkedIn).toBe(renderStateChartDoc(chartOf(sessionMachine)))
  })

  it('goes stale when the machine gains a transition', () => {
    const { config } = sessionMachine
    const failed = config.states?.failed ?? {}
    const edited = createMachine({
      ...config,
      states: { ...config.states, failed: { ...failed, on: { ...failed.on, GIVE_UP: 'idle' } } },
    } as Parameters<typeof createMachine>[0])
    expect(renderStateChartDoc(chartOf(edited))).not.toBe(checkedIn)
    expect(renderMermaid(chartOf(edited))).toContain('failed -->|"GIVE_UP"| idle')
  })

  it('draws every state and every transition that has a target', () => {
    const chart = chartOf(sessionMachine)
    const diagram = renderMermaid(chart)
    const states = allStates(chart)
    expect(states.map((state) => state.path)).toEqual(
      expect.arrayContaining([
        'idle',
        'restoring',
        'anonymous',
        'active',
        'expiring',
        'refreshing',
        'failed',
      ]),
    )
    for (const state of states) expect(diagram).toContain(state.path.replaceAll('.', '_'))
    const edges = diagram
      .split('\n')
      .filter((line) => line.includes('-->|') || line.includes('-.->|'))
    const targeted = [chart, ...states].flatMap((state) =>
      state.transitions.flatMap((transition) => transition.targets),
    )
    expect(edges).toHaveLength(targeted.length)
  })
})
