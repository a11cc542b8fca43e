import type { IncomingMessage, ServerResponse } from 'node:http'
import { handleControl, sendMethodNotAllowed } from './control-endpoints'
import { applyCors, sendError } from './http-io'
import { handleTokenInfo, handleWhoami, type IdentityContext } from './identity-endpoints'
import { handleMemberRequest, type MemberEndpointContext } from './member-endpoint'
import { memberRoutes } from './member-routes'
import type { MockWixServer } from './mock-wix-server.types'
import { handleTokenRequest, type TokenEndpointContext } from './token-endpoint'
import { errorForStatus } from './wix-errors'

export interface RouterContext
  extends TokenEndpointContext,
    IdentityContext,
    MemberEndpointContext {
  server: MockWixServer
}

// How long a browser may reuse a preflight answer; short, since tests change nothing in it.
const preflightMaxAgeSeconds = '600'

export async function route(
  req: IncomingMessage,
  res: ServerResponse,
  context: RouterContext,
): Promise<void> {
  applyCors(req, res)
  if (req.method === 'OPTIONS') {
    req.resume()
    res.setHeader('Access-Control-Max-Age', preflightMaxAgeSeconds)
    res.writeHead(204).end()
    return
  }
  const path = new URL(req.url ?? '/', 'http://mock.invalid').pathname
  if (path === '/oauth2/token' || path === '/oauth2/token-info') {
    if (req.method !== 'POST') {
      req.resume()
      sendMethodNotAllowed(res, 'POST')
      return
    }
    if (path === '/oauth2/token') await handleTokenRequest(req, res, context)
    else await handleTokenInfo(req, res, context)
    return
  }
  if (path === '/v1/whoami') {
    handleWhoami(req, res, context)
    return
  }
  const memberRoute = Object.hasOwn(memberRoutes, path) ? memberRoutes[path] : undefined
  if (memberRoute) {
    const method = req.method ?? 'GET'
    if (!memberRoute.methods.includes(method)) {
      req.resume()
      sendMethodNotAllowed(res, memberRoute.methods.join(', '))
      return
    }
    await handleMemberRequest(req, res, memberRoute.handler, context)
    return
  }
  if (path.startsWith('/__mock/')) {
    await handleControl(req, res, path, context.server)
    return
  }
  req.resume()
  sendError(res, errorForStatus(404, `No route for ${req.method} ${path}`))
}

/** Last resort for a bug in a handler or a client gone mid-body: never leave a request open. */
export function failRequest(res: ServerResponse, error: unknown): void {
  if (res.destroyed) return
  if (res.headersSent) {
    res.destroy()
    return
  }
  const description = error instanceof Error ? error.message : String(error)
  sendError(res, errorForStatus(500, description))
}
