/**
 * What redacting the inspection stream costs: a real session (mock Wix server over HTTP)
 * mints and refreshes 20 times while a plain observer records every raw inspection
 * event; then the redacting wrapper is run over all of them repeatedly and timed.
 *
 *   npx tsx scripts/measure-inspection.ts
 */
import { performance } from 'node:perf_hooks'
import type { InspectionEvent } from 'xstate'
import { createMemoryStore, createSession } from '../src/index'
import { redactInspection } from '../src/inspection'
import { MOCK_CLIENT_ID, startMockWixServer } from '../src/testing/index'

const REFRESHES = 20
const ROUNDS = 200

const server = await startMockWixServer()
const recorded: InspectionEvent[] = []
const session = createSession({
  clientId: MOCK_CLIENT_ID,
  tokenUrl: server.tokenUrl,
  storage: createMemoryStore(),
  inspect: (event) => recorded.push(event),
  revealTokensToInspector: true,
}).start()
await session.getAccessToken()
for (let index = 0; index < REFRESHES; index++) await session.refresh()
session.stop()
await server.close()

let delivered = 0
const redact = redactInspection(() => {
  delivered += 1
})
for (const event of recorded) redact(event) // warm up
const started = performance.now()
for (let round = 0; round < ROUNDS; round++) for (const event of recorded) redact(event)
const elapsed = performance.now() - started

const perEvent = (elapsed * 1000) / (ROUNDS * recorded.length)
console.log(
  `${recorded.length} inspection events for 1 mint + ${REFRESHES} refreshes ` +
    `(${(recorded.length / (REFRESHES + 1)).toFixed(0)} per token request)\n` +
    `redaction: ${perEvent.toFixed(2)} µs per event, ` +
    `${((perEvent * recorded.length) / (REFRESHES + 1) / 1000).toFixed(3)} ms per token request ` +
    `(${delivered} events redacted in total)`,
)
