/**
 * A member-login scene for Node tests: the mock Wix server with a test member and an
 * allow-listed callback, a session against it, and member auth whose pending login lives
 * in a store the test can look into. Every request goes over a real socket.
 */
import type { PendingLogin, PendingLoginStore } from '../../src/members/index'
import { createMemberAuth, type MemberAuthOptions } from '../../src/members/index'
import type { MockWixServer, MockWixServerOptions } from '../../src/testing/index'
import { mockServer, sessionFor } from '../support/session-fixture'

export const CALLBACK = 'http://127.0.0.1:5173/callback'
export const ADA = { email: 'ada@example.com', password: 'analytical' }

/** A pending-login store a test can read, as a server would keep one per visitor. */
export function memoryPendingLogin() {
  let value: unknown
  const store: PendingLoginStore & { peek(): PendingLogin | undefined } = {
    get: () => value,
    set: (login) => {
      value = structuredClone(login)
    },
    delete: () => {
      value = undefined
    },
    peek: () => value as PendingLogin | undefined,
  }
  return store
}

export async function memberScene(
  serverOptions: MockWixServerOptions = {},
  authOptions: Partial<MemberAuthOptions> = {},
) {
  const server = await mockServer({
    members: [ADA],
    redirectUris: [CALLBACK],
    autoLogin: ADA.email,
    ...serverOptions,
  })
  const session = sessionFor(server).start()
  const pendingLogin = memoryPendingLogin()
  const members = createMemberAuth(session, {
    redirectUri: CALLBACK,
    pendingLogin,
    requestTimeout: 1000,
    ...authOptions,
  })
  return { server, session, members, pendingLogin }
}

/** Follow Wix's login (or logout) URL as a browser would, to where it sends the browser back. */
export async function followToCallback(url: string, cookie?: string): Promise<string> {
  let next = url
  for (let hop = 0; hop < 5; hop += 1) {
    const response = await fetch(next, {
      redirect: 'manual',
      ...(cookie === undefined ? {} : { headers: { cookie } }),
    })
    await response.arrayBuffer()
    const location = response.headers.get('location')
    if (location === null) throw new Error(`no redirect from ${next} (HTTP ${response.status})`)
    const resolved = new URL(location, next).href
    if (!resolved.startsWith((await originOf(next)) ?? '')) return resolved
    next = resolved
  }
  throw new Error('too many redirects')
}

async function originOf(url: string) {
  return new URL(url).origin
}

/** The requests the mock saw, named the way a reader counts them. */
export function calls(server: MockWixServer): string[] {
  return server.requests.map((record) =>
    'endpoint' in record && record.endpoint ? record.endpoint : `token:${record.grantType}`,
  )
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}
