/**
 * A site's own server for the server benchmarks, on 127.0.0.1: every page and API request
 * runs one implementation's server side on a Web `Request` made from Node's request, then
 * calls Wix with the token it got (the mock's `/v1/whoami`, as a server component fetching
 * products would), and sends the `Set-Cookie` values. Pages are `bench/pages/<name>.html`,
 * their scripts bundled from the built package. Every answer is logged with the visitor
 * whose token served it.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { MockWixServer } from '../../src/testing/index'
import { type LoopbackServer, listenOnLoopback } from '../../test/browser/support/loopback'
import { bundle } from '../../test/browser/support/page-server'
import { type ServerSide, webRequestOf } from './implementations'

const benchPages = fileURLToPath(new URL('../pages/', import.meta.url))

export interface SiteAnswer {
  path: string
  /** 200, or 500 when the server side threw (a template's damaged cookie, a failed mint). */
  status: number
  /** Whose token the server side served (the mock's answer), `null` if Wix refused it. */
  visitorId: string | null
}

export interface BenchSite extends LoopbackServer {
  readonly answers: readonly SiteAnswer[]
}

/** The visitor an access token belongs to, by the mock Wix API; `null` if it is refused. */
export async function visitorOf(mock: MockWixServer, accessToken: string): Promise<string | null> {
  const response = await fetch(mock.protectedUrl, { headers: { authorization: accessToken } })
  if (!response.ok) {
    await response.arrayBuffer()
    return null
  }
  return ((await response.json()) as { visitorId: string }).visitorId
}

/** `/api/session` (JSON) and `/<page>.html` both run `serverSide`; `/bundle/<page>.js` the scripts. */
export async function startBenchSite(
  serverSide: ServerSide,
  mock: MockWixServer,
): Promise<BenchSite> {
  const answers: SiteAnswer[] = []
  const bundles = new Map<string, Promise<string>>()
  let origin = ''
  const server = createServer(async (incoming, response) => {
    const path = new URL(incoming.url ?? '/', origin).pathname
    const headers: Record<string, string | string[]> = { 'cache-control': 'no-store' }
    const script = /^\/bundle\/([\w-]+)\.js$/.exec(path)?.[1]
    if (script !== undefined) {
      if (!bundles.has(script)) bundles.set(script, bundle(benchPages, script))
      try {
        const text = await (bundles.get(script) as Promise<string>)
        response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(text)
      } catch (error) {
        // The pages import the built package: without `dist/` the bundle fails.
        response.writeHead(500, headers).end(`${error} (run \`npm run build\` first)`)
      }
      return
    }
    const page = /^\/([\w-]+)\.html$/.exec(path)?.[1]
    if (page === undefined && path !== '/api/session') {
      response.writeHead(404, headers).end('not found')
      return
    }
    try {
      const session = await serverSide(webRequestOf(incoming, origin))
      const visitorId = await visitorOf(mock, session.accessToken)
      answers.push({ path, status: 200, visitorId })
      headers['set-cookie'] = session.setCookie
      if (page === undefined) {
        headers['content-type'] = 'application/json'
        response.writeHead(200, headers).end(JSON.stringify({ visitorId }))
      } else {
        headers['content-type'] = 'text/html'
        response.writeHead(200, headers).end(await readFile(`${benchPages}${page}.html`, 'utf8'))
      }
    } catch {
      answers.push({ path, status: 500, visitorId: null })
      response.writeHead(500, headers).end('the server side failed')
    }
  })
  const listening = await listenOnLoopback(server)
  origin = listening.url
  return { ...listening, answers }
}
