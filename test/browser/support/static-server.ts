/** Serves a folder of built files on 127.0.0.1 (for bundles made by other tools). */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { type LoopbackServer, listenOnLoopback } from './loopback'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

export async function serveFolder(folder: string): Promise<LoopbackServer> {
  const server = createServer(async (request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://localhost').pathname).replace(
      /^(\.\.[/\\])+/,
      '',
    )
    const file = join(folder, path === '/' ? 'index.html' : path)
    try {
      const body = await readFile(file)
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      response.writeHead(404).end('not found')
    }
  })
  return listenOnLoopback(server)
}
