/**
 * Requests per second through `fromRequest()` with a valid cookie, against the
 * `nextjs/commerce` template's hand-written middleware on the same server. The load
 * generator runs in a Node process of its own (`measure.ts`) and the server in another
 * (`site-process.ts`): in the benchmark runner, the Playwright connection to Chromium
 * would slow every `await`.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { ServerRequestsPerSecondResult } from './measure'

const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

export type { ServerRequestsPerSecondResult }

export async function benchServerRequestsPerSecond(): Promise<ServerRequestsPerSecondResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', measureScript],
    { cwd: root },
  )
  return JSON.parse(stdout) as ServerRequestsPerSecondResult
}
