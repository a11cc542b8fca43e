/**
 * The server of the requests-per-second benchmark, run as a process of its own: one Node
 * HTTP server on 127.0.0.1 whose routes differ only in what they do with the session.
 * Each builds a Web `Request` from Node's request first, as a Next.js or edge adapter
 * does before any middleware runs, then:
 *
 * - `/bare`: nothing more (the floor: the adapter and the HTTP server alone);
 * - `/template`: the `nextjs/commerce` template's middleware (parse `wix-session`, check
 *   `accessToken.expiresAt < now`);
 * - `/ours`: `sessions.fromRequest(request)`.
 *
 * All answer `200 ok`, with `Set-Cookie` if the session changed (it never should: the
 * cookies are valid for hours). `GET /stats` reports the process's CPU time, the answers
 * per route, the answers that set a cookie and the mock's token requests, so the load
 * generator can check that neither side called Wix. It prints `{ url, cookies }` as one
 * line of JSON when ready, and exits when its stdin closes.
 */
import { createServer, type ServerResponse } from 'node:http'
import { createServerSessions } from '../../../src/server/index'
import { MOCK_CLIENT_ID, startMockWixServer } from '../../../src/testing/index'
import { listenOnLoopback } from '../../../test/browser/support/loopback'
import { installWixApiRoute, routeTo } from '../../token-requests/wix-api-route'
import { createCommerceMiddleware } from '../commerce-template'
import { webRequestOf } from '../implementations'
import { cookieHeaderOf } from '../template-cookies'
import { ROUTES, type Route, type SiteReady, type SiteStats } from './routes'

installWixApiRoute()
const mock = await startMockWixServer()
const sessions = createServerSessions({ clientId: MOCK_CLIENT_ID, tokenUrl: mock.tokenUrl })
const commerceMiddleware = createCommerceMiddleware({
  clientId: MOCK_CLIENT_ID,
  tokenRequestHeaders: routeTo(mock),
})
const stats: Omit<SiteStats, 'cpuMicros' | 'tokenRequests'> = {
  answers: { bare: 0, template: 0, ours: 0 },
  renewals: 0,
}

const sessionOf: Record<Route, (request: Request) => Promise<{ setCookie: string[] }>> = {
  bare: async () => ({ setCookie: [] }),
  template: commerceMiddleware,
  ours: (request) => sessions.fromRequest(request),
}

function send(response: ServerResponse, status: number, body: string, setCookie: string[] = []) {
  response.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': String(Buffer.byteLength(body)),
    ...(setCookie.length > 0 ? { 'set-cookie': setCookie } : {}),
  })
  response.end(body)
}

let origin = ''
const server = createServer(async (incoming, response) => {
  const route = incoming.url?.slice(1) ?? ''
  if (route === 'stats') {
    const { user, system } = process.cpuUsage()
    const body: SiteStats = {
      ...stats,
      cpuMicros: user + system,
      tokenRequests: mock.requests.length,
    }
    send(response, 200, JSON.stringify(body))
    return
  }
  if (!(ROUTES as readonly string[]).includes(route)) {
    send(response, 404, 'not found')
    return
  }
  try {
    const { setCookie } = await sessionOf[route as Route](webRequestOf(incoming, origin))
    stats.answers[route as Route] += 1
    if (setCookie.length > 0) stats.renewals += 1
    send(response, 200, 'ok', setCookie)
  } catch {
    send(response, 500, 'failed')
  }
})
const listening = await listenOnLoopback(server)
origin = listening.url

// One visitor each, minted once: from now on both routes carry a cookie valid for hours.
const ours = await sessions.fromRequest(new Request(`${origin}/ours`))
const template = await commerceMiddleware(new Request(`${origin}/template`))
const ready: SiteReady = {
  url: origin,
  cookies: { ours: ours.cookieHeader, template: cookieHeaderOf(template.setCookie) },
}
process.stdout.write(`${JSON.stringify(ready)}\n`)

process.stdin.resume()
process.stdin.on('close', async () => {
  await listening.close()
  await mock.close()
  process.exit(0)
})
