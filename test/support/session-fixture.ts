/**
 * A session wired to a real local mock Wix server, for integration tests: every request
 * goes over a socket. Sessions and servers are stopped after each test.
 */
import { afterEach } from 'vitest'
import type { SessionEmitted } from '../../machines/session.types'
import { createSession, type Session, type SessionEventOf } from '../../src/index'
import type { SessionOptions } from '../../src/options'
import {
  MOCK_CLIENT_ID,
  type MockWixServer,
  type MockWixServerOptions,
  startMockWixServer,
} from '../../src/testing/index'

const cleanups: (() => unknown)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

export async function mockServer(options: MockWixServerOptions = {}): Promise<MockWixServer> {
  const server = await startMockWixServer(options)
  cleanups.push(() => server.close())
  return server
}

/** A session against `server` with fast retries, stopped after the test. */
export function sessionFor(server: MockWixServer, options: Partial<SessionOptions> = {}): Session {
  const session = createSession({
    clientId: MOCK_CLIENT_ID,
    tokenUrl: server.tokenUrl,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...options,
  })
  cleanups.push(() => session.stop())
  return session
}

/** Who the mock server says a token belongs to (via its protected endpoint). */
export async function whoami(server: MockWixServer, token: string) {
  const response = await fetch(server.protectedUrl, { headers: { Authorization: token } })
  return {
    status: response.status,
    body: (await response.json()) as { visitorId?: string; role?: string },
  }
}

/** Resolve on the first emitted event of this type. */
export function nextEvent<T extends SessionEmitted['type']>(session: Session, type: T) {
  return new Promise<SessionEventOf<T>>((resolve) => {
    const off = session.on(type, (event) => {
      off()
      resolve(event)
    })
  })
}

export const grants = (server: MockWixServer) => server.requests.map((request) => request.grantType)

/** A member's tokens, as a login would give them, handed to `session`. */
export async function logMemberIn(server: MockWixServer, session: Session) {
  const member = server.createMemberTokens()
  await session.importTokens({
    accessToken: member.access_token,
    refreshToken: member.refresh_token,
    expiresAt: Date.now() + member.expires_in * 1000,
    role: 'member',
  })
  return member
}
