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
import { type Applied, emptyFigures, type MemberFigures } from './member-ledger'

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
  /** What the runs did with members, and how often each member promise applied. */
  members: ShardMemberFigures
  /** Every transition of the chart, and those the shard's runs took. */
  chart: string[]
  taken: string[]
}

export type ShardMemberFigures = MemberFigures & { applied: Applied; memberRuns: number }

export function emptyMemberFigures(): ShardMemberFigures {
  return {
    ...emptyFigures(),
    memberRuns: 0,
    applied: { mints: 0, demotions: 0, holders: 0, refusals: 0, end: 0 },
  }
}

/** One run's member figures, as its ledger counted them. */
export function runMemberFigures(ledger: {
  figures: MemberFigures
  applied: Applied
}): ShardMemberFigures {
  const memberRuns = ledger.figures.logins > 0 ? 1 : 0
  return { ...ledger.figures, applied: { ...ledger.applied }, memberRuns }
}

/** Add `more` member figures (a run's, or a shard's) to `total`. */
export function addMemberFigures(total: ShardMemberFigures, more: ShardMemberFigures): void {
  const { applied, ...counts } = more
  for (const key of Object.keys(counts) as (keyof typeof counts)[]) total[key] += counts[key]
  for (const key of Object.keys(applied) as (keyof Applied)[]) {
    total.applied[key] += applied[key]
  }
}

/** The member figures in words. */
export function describeMembers(members: ShardMemberFigures): string {
  const { applied: a } = members
  return `members: ${members.logins} logins in ${members.memberRuns} runs, ${members.memberRefreshes} member refreshes, ${members.endings} endings at Wix, ${members.refusals} refused member refresh tokens, ${members.signOutsOfMembers} sign-outs of a member, ${members.unawareMints} mints by a tab that had not heard of the login, ${members.loginsSkipped} logins not played (concurrent with one the other tab holds, a store each); member promises judged: ${a.mints} steps with a member logged in, ${a.demotions} token changes of a member's tab, ${a.holders} tab-steps holding the member, ${a.refusals} refusals, ${a.end} run ends with a member`
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
  const members = emptyMemberFigures()
  for (const figures of shards) addMemberFigures(members, figures.members)
  const lines = [
    `model: ${sum((f) => f.runs)} runs (${shards.length} of ${of} shards, MODEL_SEED=${seed}), ${sum((f) => f.steps)} steps, ${sum((f) => f.checks)} invariant checks (${step} after every step, ${end} more at the end of a run), ${sum((f) => f.lateHandOuts)} hand-outs with a late timer, ${chart.length - untaken.length} of ${chart.length} transitions taken`,
  ]
  lines.push(`model ${describeMembers(members)}`)
  if (untaken.length > 0) lines.push(`not taken by the random runs:\n  ${untaken.join('\n  ')}`)
  return lines.join('\n')
}
