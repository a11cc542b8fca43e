/**
 * The model project's global setup (it runs in vitest's main process): it draws the base
 * seed of the shards (or takes MODEL_SEED, to replay a whole test run), gives the shards
 * a directory to leave their figures in, and once they are all done prints the figures
 * of all of them together: runs, steps, invariant checks, late-timer hand-outs, and the
 * chart's transitions that some shard took.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

/** What one shard played and checked. */
export interface ShardFigures {
  shard: number
  of: number
  seed: number
  runs: number
  steps: number
  checks: number
  /** Invariants checked after every step, and at the end of every run. */
  invariants: { step: number; end: number }
  lateHandOuts: number
  /** Every transition of the chart, and those the shard's runs took. */
  chart: string[]
  taken: string[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seed of shard 1; shard k plays from `modelSeed + k - 1`. */
    modelSeed: number
    /** Where each shard writes its `ShardFigures`. */
    modelFiguresDir: string
  }
}

export default function setup(project: TestProject) {
  const seed = baseSeed(process.env.MODEL_SEED)
  const dir = mkdtempSync(join(tmpdir(), 'headless-session-model-'))
  project.provide('modelSeed', seed)
  project.provide('modelFiguresDir', dir)
  return () => {
    const shards = readdirSync(dir).map(
      (name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ShardFigures,
    )
    rmSync(dir, { recursive: true, force: true })
    if (shards.length > 0) console.log(summarize(shards, seed))
  }
}

/** Leave one shard's figures for the summary (called in the shard's worker). */
export function writeShardFigures(dir: string, figures: ShardFigures): void {
  writeFileSync(join(dir, `shard-${figures.shard}.json`), JSON.stringify(figures))
}

function baseSeed(fromEnv: string | undefined): number {
  if (fromEnv === undefined || fromEnv === '') return (Math.random() * 2 ** 31) | 0
  const seed = Number(fromEnv)
  if (!Number.isSafeInteger(seed))
    throw new Error(`MODEL_SEED must be an integer, not "${fromEnv}"`)
  return seed
}

function summarize(shards: readonly ShardFigures[], seed: number): string {
  const sum = (pick: (figures: ShardFigures) => number) =>
    shards.reduce((total, figures) => total + pick(figures), 0)
  const taken = new Set(shards.flatMap((figures) => figures.taken))
  const chart = shards[0]?.chart ?? []
  const untaken = chart.filter((key) => !taken.has(key))
  const { step, end } = shards[0]?.invariants ?? { step: 0, end: 0 }
  const of = shards[0]?.of ?? shards.length
  const lines = [
    `model: ${sum((f) => f.runs)} runs (${shards.length} of ${of} shards, MODEL_SEED=${seed}), ${sum((f) => f.steps)} steps, ${sum((f) => f.checks)} invariant checks (${step} after every step, ${end} more at the end of a run), ${sum((f) => f.lateHandOuts)} hand-outs with a late timer, ${chart.length - untaken.length} of ${chart.length} transitions taken`,
  ]
  if (untaken.length > 0) lines.push(`not taken by the random runs:\n  ${untaken.join('\n  ')}`)
  return lines.join('\n')
}
