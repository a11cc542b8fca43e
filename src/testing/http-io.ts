import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WixError } from './wix-errors'

// Token bodies are a few hundred bytes; the cap only guards against a runaway client.
const maxBodyBytes = 1024 * 1024

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${maxBodyBytes} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/** Rejects when the client goes away mid-body. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > maxBodyBytes) throw new BodyTooLargeError()
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const baseAllowedHeaders = ['authorization', 'content-type']

// A page on another origin (browser tests, the live demo) must be able to call every path.
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*')
  if (origin) res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Allow-Headers', allowedHeaders(req).join(', '))
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
  res.setHeader('Access-Control-Expose-Headers', 'retry-after')
}

// A preflight asking for extra headers (SDKs add their own `x-wix-…` headers) would fail if
// they were not allowed, and the mock exists to be talked to, so they are granted too.
function allowedHeaders(req: IncomingMessage): string[] {
  const requested = req.headers['access-control-request-headers']
  if (!requested) return baseAllowedHeaders
  const extra = requested
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && !baseAllowedHeaders.includes(name))
  return [...baseAllowedHeaders, ...new Set(extra)]
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON.stringify(body), 'application/json', headers)
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.setHeader('Content-Type', contentType)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.setHeader('Cache-Control', 'no-store')
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.writeHead(status)
  res.end(text)
}

export function sendError(
  res: ServerResponse,
  error: WixError,
  headers: Record<string, string> = {},
): void {
  sendJson(res, error.status, error.body, headers)
}

/** Resolves `true` after `ms`, or `false` as soon as the connection closes. */
export function waitWhileConnected(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      res.off('close', onClose)
      resolve(true)
    }, ms)
    res.once('close', onClose)
  })
}
