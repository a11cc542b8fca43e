/**
 * Serves the test pages on 127.0.0.1. A page's script is bundled on request by esbuild
 * from `test/browser/pages/<name>.ts` (or another folder of pages, e.g. the benchmarks'),
 * which imports the library by its package name, so the page runs the built `dist/`
 * exactly as an app's bundle would. A page's HTML is `<name>.html`, or what a `render`
 * function makes of the request, as a server that renders pages would.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type LoopbackServer, listenOnLoopback } from './loopback'

export const testPages = fileURLToPath(new URL('../pages/', import.meta.url))

export type PageServer = LoopbackServer

/** A rendered page: its HTML and any headers (e.g. `set-cookie`). */
export interface RenderedPage {
  html: string
  headers?: Record<string, string | string[]>
}

/**
 * Renders `/<name>.html` for one request, or gives `undefined` to serve the file.
 * Called for every request, as a server renders every page it serves.
 */
export type PageRenderer = (
  name: string,
  request: IncomingMessage,
) => Promise<RenderedPage | undefined> | RenderedPage | undefined

/** The script of page `name`, bundled against the built package (for servers of other tests too). */
export async function bundle(pages: string, name: string): Promise<string> {
  const result = await build({
    entryPoints: [`${pages}${name}.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    // React's development build, as in an app's dev server: it reports hydration mismatches
    // and uncached snapshots, which the React tests look for.
    define: { 'process.env.NODE_ENV': '"development"' },
    // Resolve `headless-session` through package.json exports (dist), not tsconfig paths (src).
    tsconfigRaw: '{}',
    logLevel: 'silent',
  })
  return result.outputFiles[0]?.text ?? ''
}

/** `pages`: the folder holding `<name>.html` and `<name>.ts`, ending in a slash. */
export async function startPageServer(
  pages = testPages,
  render?: PageRenderer,
): Promise<PageServer> {
  const bundles = new Map<string, Promise<string>>()
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const headers = { 'cache-control': 'no-store' }
    try {
      const script = /^\/bundle\/([\w-]+)\.js$/.exec(path)
      if (script?.[1]) {
        const name = script[1]
        if (!bundles.has(name)) bundles.set(name, bundle(pages, name))
        const text = await (bundles.get(name) as Promise<string>)
        response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(text)
        return
      }
      const page = /^\/([\w-]+)\.html$/.exec(path)
      if (page?.[1]) {
        const rendered = await render?.(page[1], request)
        const html = rendered?.html ?? (await readFile(`${pages}${page[1]}.html`, 'utf8'))
        response
          .writeHead(200, { ...headers, ...rendered?.headers, 'content-type': 'text/html' })
          .end(html)
        return
      }
      response.writeHead(404, headers).end('not found')
    } catch (error) {
      const hint = String(error).includes('dist') ? ' (run `npm run build` first)' : ''
      response.writeHead(500, headers).end(`${String(error)}${hint}`)
    }
  })
  return listenOnLoopback(server)
}
