/**
 * The wall clock changing under a session that talks to the mock server over HTTP. The
 * server keeps real time; only the session's clock (its injected `now`) moves, as when a
 * user or NTP sets the device's clock.
 */
import { expect, it } from 'vitest'
import { mockServer, sessionFor } from '../support/session-fixture'

const HOUR = 60 * 60 * 1000

it('counts a token’s life from the clock as it reads on receipt when it was set back mid-request', async () => {
  const server = await mockServer({ accessTokenLifetime: 60 })
  server.injectFault({ grantType: 'anonymous', delayMs: 300 })
  let offset = 0
  const now = () => Date.now() + offset
  const session = sessionFor(server, { now }).start()
  const pending = session.getTokens()
  await new Promise((resolve) => setTimeout(resolve, 100))
  offset = -2 * HOUR
  const tokens = await pending
  // The token lives 60 s from its issue, by the clock every later check of it reads.
  expect(tokens.expiresAt).toBeLessThanOrEqual(now() + 60_000)
  expect(tokens.expiresAt).toBeGreaterThan(now() + 55_000)
})

it('resolves refresh() with the new token when the clock was set back since the last one', async () => {
  const server = await mockServer()
  let offset = 0
  const session = sessionFor(server, { now: () => Date.now() + offset, waitTimeout: 2000 }).start()
  const old = await session.getAccessToken()
  offset = -HOUR
  const fresh = await session.refresh()
  expect(fresh).not.toBe(old)
  expect(await session.getAccessToken()).toBe(fresh)
})
