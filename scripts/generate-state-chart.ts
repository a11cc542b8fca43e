/**
 * `npm run docs:chart`: regenerate `docs/state-chart.md` from the machine. With `--check`
 * it only reports whether the checked-in file is stale (exit code 1 when it is).
 */
import { sessionMachine } from '../machines/session.machine'
import { chartOf } from '../src/devtools/chart-model'
import { writeOrCheckDoc } from './generated-doc'
import { renderStateChartDoc, STATE_CHART_DOC } from './state-chart'

writeOrCheckDoc(STATE_CHART_DOC, renderStateChartDoc(chartOf(sessionMachine)), 'npm run docs:chart')
