/**
 * Starts a module worker that runs a session, passing it this page's URL parameters, and
 * exposes the worker's answer as `window.workerResult`.
 */
export interface WorkerResult {
  token?: string
  state?: string
  sessionId?: string | null
  warnings?: string[]
  error?: string
}

declare global {
  interface Window {
    workerResult?: WorkerResult
  }
}

const worker = new Worker(`/bundle/session-worker.js${location.search}`, { type: 'module' })
worker.addEventListener('message', (event: MessageEvent<WorkerResult>) => {
  window.workerResult = event.data
})
worker.addEventListener('error', (event) => {
  window.workerResult = { error: event.message }
})
