/**
 * A site's own server for the hand-off tests, on 127.0.0.1: every page and API request
 * goes through `fromRequest()` of the BUILT `headless-session/server` (Node's `http`
 * through a small adapter, as an app without a framework would), and the response sends
 * its `Set-Cookie`. The page is the cookie store's test page, bundled from the built
 * package. Each answer is logged with the moment it was sent.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createServerSessions, type ServerSessionsOptions } from 'headless-session/server'
import { type LoopbackServer, listenOnLoopback } from './loopback'
import { bundle, testPages } from './page-server'

export interface SiteAnswer {
  path: string
  source: 'cookie' | 'refreshed' | 'minted' | 'error'
  sessionId: string | null
  accessToken: string | null
  /** `Date.now()` just before the response was handed to the socket. */
  sentAt: number
}

export interface SiteServer extends LoopbackServer {
  readonly answers: readonly SiteAnswer[]
}

/** `/cookie.html` (the page) and `/api/session` (JSON) both read and renew the session. */
export async function startSiteServer(options: ServerSessionsOptions): Promise<SiteServer> {
  const sessions = createServerSessions(options)
  const answers: SiteAnswer[] = []
  let script: Promise<string> | undefined
  const server = createServer(async (incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
    const headers: Record<string, string | string[]> = { 'cache-control': 'no-store' }
    if (url.pathname === '/bundle/cookie-page.js') {
      script ??= bundle(testPages, 'cookie-page')
      response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(await script)
      return
    }
    if (url.pathname !== '/cookie.html' && url.pathname !== '/api/session') {
      response.writeHead(404, headers).end('not found')
      return
    }
    const request = new Request(url, { headers: { cookie: incoming.headers.cookie ?? '' } })
    try {
      const session = await sessions.fromRequest(request)
      headers['set-cookie'] = session.setCookie
      const body =
        url.pathname === '/api/session'
          ? JSON.stringify({ source: session.source, sessionId: session.tokens.sessionId })
          : await readFile(`${testPages}cookie.html`, 'utf8')
      const type = url.pathname === '/api/session' ? 'application/json' : 'text/html'
      answers.push({
        path: url.pathname,
        source: session.source,
        sessionId: session.tokens.sessionId,
        accessToken: session.accessToken,
        sentAt: Date.now(),
      })
      response.writeHead(200, { ...headers, 'content-type': type }).end(body)
    } catch (error) {
      answers.push({
        path: url.pathname,
        source: 'error',
        sessionId: null,
        accessToken: null,
        sentAt: Date.now(),
      })
      response.writeHead(500, headers).end(String((error as { code?: string }).code ?? 'error'))
    }
  })
  const listening = await listenOnLoopback(server)
  return { ...listening, answers }
}
