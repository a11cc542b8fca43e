/**
 * `npm run bench`: runs every benchmark in one go, then rewrites `docs/performance.md` and
 * `bench/results/latest.json`. Needs the built package (`npm run bench` builds it first).
 *
 * `npx tsx bench/run.ts cold-start cross-tab` runs only the named benchmarks and prints
 * their raw results, leaving the docs as they are (a page's figures come from one run).
 */
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { benchBundleSize } from './bundle-size'
import { benchCallsPerSecond } from './calls-per-second/index'
import { benchColdStart } from './cold-start'
import { benchCrossTab } from './cross-tab'
import { renderPerformanceMd } from './report/performance-md'
import type { BenchRun, Measurements } from './results'
import { benchServerExpiredCookie } from './server/expired-cookie'
import { benchServerFirstVisit } from './server/first-visit'
import { benchServerRequestsPerSecond } from './server/requests-per-second/index'
import { type BenchBrowser, openBenchBrowser } from './support/browser'
import { machineFacts } from './support/machine'
import { benchTokenRequests } from './token-requests/index'

const root = fileURLToPath(new URL('../', import.meta.url))
const RESULTS_FILE = `${root}bench/results/latest.json`
const REPORT_FILE = `${root}docs/performance.md`

type Benchmarks = {
  [name in keyof Measurements]: (rig: BenchBrowser) => Promise<Measurements[name]>
}

// In this order: the Node-only measurements first, while Chromium is still idle.
const BENCHMARKS: Benchmarks = {
  bundleSize: () => benchBundleSize(),
  callsPerSecond: () => benchCallsPerSecond(),
  serverRequestsPerSecond: () => benchServerRequestsPerSecond(),
  serverExpiredCookie: () => benchServerExpiredCookie(),
  coldStart: benchColdStart,
  crossTab: benchCrossTab,
  tokenRequests: benchTokenRequests,
  serverFirstVisit: benchServerFirstVisit,
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

function chosenBenchmarks(args: readonly string[]): (keyof Measurements)[] {
  const all = Object.keys(BENCHMARKS) as (keyof Measurements)[]
  const unknown = args.filter((arg) => !all.some((name) => kebab(name) === arg))
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${all.map(kebab).join(', ')}`)
  }
  return args.length === 0 ? all : all.filter((name) => args.includes(kebab(name)))
}

async function main() {
  const args = process.argv.slice(2)
  const chosen = chosenBenchmarks(args)
  const started = Date.now()
  const rig = await openBenchBrowser()
  const machine = machineFacts(rig.browser.version())
  const measurements: Partial<Measurements> = {}
  try {
    for (const name of chosen) {
      const before = Date.now()
      process.stderr.write(`${kebab(name)}… `)
      // biome-ignore lint/suspicious/noExplicitAny: each name gets its own benchmark's result
      ;(measurements as any)[name] = await BENCHMARKS[name](rig)
      process.stderr.write(`${((Date.now() - before) / 1000).toFixed(1)} s\n`)
    }
  } finally {
    await rig.close()
  }
  if (rig.pageErrors.length > 0) {
    throw new Error(`benchmark pages threw, so the run is void:\n${rig.pageErrors.join('\n')}`)
  }
  if (args.length > 0) {
    console.log(JSON.stringify({ machine, measurements }, null, 2))
    return
  }
  const run: BenchRun = {
    command: process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'npx tsx bench/run.ts',
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    machine,
    measurements: measurements as Measurements,
  }
  await writeFile(RESULTS_FILE, `${JSON.stringify(run, null, 2)}\n`)
  await writeFile(REPORT_FILE, `${renderPerformanceMd(run)}\n`)
  // The files are committed: format them as `npm run lint` expects.
  execFileSync(`${root}node_modules/.bin/biome`, ['format', '--write', RESULTS_FILE, REPORT_FILE], {
    stdio: 'ignore',
  })
  process.stderr.write(`wrote ${REPORT_FILE} and ${RESULTS_FILE}\n`)
}

await main()
