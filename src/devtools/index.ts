/**
 * `headless-session/devtools`: a development panel for a running session. A separate entry
 * point, so apps that do not import it never ship it.
 */
export { type ChartState, type ChartTransition, chartOf } from './chart-model'
export { mountSessionDevtools, type SessionDevtoolsOptions } from './mount'
export type { LedRequest, TabStatus } from './roster-messages'
