import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import { grants, mockServer } from '../support/session-fixture'

const child = fileURLToPath(new URL('./fixtures/stop-then-idle.ts', import.meta.url))

it('leaves the process free to exit after stop(): no timer, socket or listener remains', async () => {
  const server = await mockServer()
  const run = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, CLIENT_ID: MOCK_CLIENT_ID, TOKEN_URL: server.tokenUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let stoppedAt = 0
  run.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (!stoppedAt && output.includes('stopped')) stoppedAt = Date.now()
  })
  run.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const killer = setTimeout(() => run.kill('SIGKILL'), 15_000)
  const code = await new Promise<number | null>((resolve) => run.on('exit', resolve))
  clearTimeout(killer)
  const lingeredMs = Date.now() - stoppedAt

  expect(output).toContain('stopped')
  expect(code).toBe(0)
  // Exiting takes Node a moment; a leftover keep-alive socket or timer would hold it for seconds.
  expect(lingeredMs).toBeLessThan(1500)
  expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
}, 20_000)
