/**
 * The server sides the server benchmarks compare, each a function of a Web `Request`:
 * this library's `fromRequest()`, and the two Wix templates written out by hand. Also the
 * adapter that makes a Web `Request` of Node's `IncomingMessage`, as Next.js and the edge
 * adapters do before any middleware runs.
 */
import type { IncomingMessage } from 'node:http'
import { createServerSessions } from '../../src/server/index'
import type { MockWixServer } from '../../src/testing/index'
import { routeTo } from '../token-requests/wix-api-route'
import { createCommerceMiddleware, type TemplateSession } from './commerce-template'
import { createTicketingServerSide } from './ticketing-template'

export type ServerImplementation = 'ours' | 'commerce' | 'ticketing'

/** Every implementation, against a mock that rotates refresh tokens and one that keeps them. */
export const SERVER_VARIANTS: readonly { implementation: ServerImplementation; rotate: boolean }[] =
  [
    { implementation: 'ours', rotate: true },
    { implementation: 'ours', rotate: false },
    { implementation: 'commerce', rotate: true },
    { implementation: 'commerce', rotate: false },
    { implementation: 'ticketing', rotate: true },
    { implementation: 'ticketing', rotate: false },
  ]

export type ServerSide = (request: Request) => Promise<TemplateSession>

export interface ServerSideOptions {
  clientId: string
  mock: MockWixServer
  /** Ours only: `refreshMargin` of `createServerSessions()`. */
  refreshMargin?: number
}

/**
 * The server side of `implementation`, against `mock`. The templates' `@wix/sdk` posts
 * to www.wixapis.com: `installWixApiRoute()` must be in force in this process.
 */
export function serverSideOf(
  implementation: ServerImplementation,
  { clientId, mock, refreshMargin }: ServerSideOptions,
): ServerSide {
  if (implementation === 'ours') {
    const sessions = createServerSessions({
      clientId,
      tokenUrl: mock.tokenUrl,
      ...(refreshMargin === undefined ? {} : { refreshMargin }),
    })
    return async (request) => {
      const session = await sessions.fromRequest(request)
      return { accessToken: session.accessToken, setCookie: session.setCookie }
    }
  }
  const options = { clientId, tokenRequestHeaders: routeTo(mock) }
  return implementation === 'commerce'
    ? createCommerceMiddleware(options)
    : createTicketingServerSide(options)
}

/** A Web `Request` of a Node request, every header copied (as framework adapters do). */
export function webRequestOf(incoming: IncomingMessage, origin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue
    for (const each of Array.isArray(value) ? value : [value]) headers.append(name, each)
  }
  return new Request(new URL(incoming.url ?? '/', origin), {
    method: incoming.method ?? 'GET',
    headers,
  })
}
