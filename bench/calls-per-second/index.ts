/**
 * Calls per second of `getAccessToken()`, measured in a Node process of its own: in the
 * benchmark runner, the Playwright connection to Chromium makes every `await` several
 * times slower, which would measure Playwright rather than the session.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { CallsPerSecondResult } from './measure'

const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))

export type { CallsPerSecondResult }

export async function benchCallsPerSecond(): Promise<CallsPerSecondResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', measureScript],
    { cwd: root },
  )
  return JSON.parse(stdout) as CallsPerSecondResult
}
