/**
 * `npm run docs:chart`: regenerate `docs/state-chart.md` from the machine. With `--check`
 * it only reports whether the checked-in file is stale (exit code 1 when it is).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sessionMachine } from '../machines/session.machine'
import { chartOf } from '../src/devtools/chart-model'
import { renderStateChartDoc, STATE_CHART_DOC } from './state-chart'

const path = fileURLToPath(new URL(`../${STATE_CHART_DOC}`, import.meta.url))
const fresh = renderStateChartDoc(chartOf(sessionMachine))

if (process.argv.includes('--check')) {
  const current = readFileSync(path, 'utf8')
  if (current !== fresh) {
    console.error(`${STATE_CHART_DOC} is stale: run npm run docs:chart`)
    process.exit(1)
  }
  console.log(`${STATE_CHART_DOC} matches the machine`)
} else {
  writeFileSync(path, fresh)
  console.log(`wrote ${STATE_CHART_DOC}`)
}
