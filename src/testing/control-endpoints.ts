import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, sendError, sendJson } from './http-io'
import type { MockFault, MockWixServer } from './mock-wix-server.types'
import { type ParsedFields, parseFields, stringField } from './request-fields'
import { applicationError, errorForStatus, missingFieldError } from './wix-errors'

type ControlAction = (fields: Record<string, unknown>, server: MockWixServer) => void

// A browser page or the live demo cannot call the JS API, so each control maps onto it.
const postActions: Record<string, ControlAction> = {
  '/__mock/faults': (fields, server) => {
    const times = fields.times ?? 1
    if (typeof times !== 'number') throw new TypeError('times must be a number')
    server.injectFault(fields.fault as MockFault, times)
  },
  '/__mock/clear': (_fields, server) => {
    server.clearFaults()
    server.clearRequests()
  },
  '/__mock/revoke': (fields, server) => {
    const refreshToken = stringField(fields, 'refreshToken', 'refresh_token')
    const visitorId = stringField(fields, 'visitorId')
    if (!refreshToken && !visitorId) throw new TypeError('send refreshToken or visitorId')
    if (refreshToken) server.revokeRefreshToken(refreshToken)
    if (visitorId) server.revokeVisitor(visitorId)
  },
  '/__mock/config': (fields, server) => {
    const lifetime = fields.accessTokenLifetime
    if (lifetime === undefined) throw new TypeError('send accessTokenLifetime')
    if (typeof lifetime !== 'number') throw new TypeError('accessTokenLifetime must be a number')
    server.setAccessTokenLifetime(lifetime)
  },
  '/__mock/auto-login': (fields, server) => {
    const { email } = fields
    if (email === undefined) throw new TypeError('send email (null or "" turns auto-login off)')
    if (email !== null && typeof email !== 'string') throw new TypeError('email must be a string')
    server.setAutoLogin(email || null)
  },
}

// Logs a page can read: the request log, and the e-mails members were "sent".
const getViews: Record<string, (server: MockWixServer) => unknown> = {
  '/__mock/requests': (server) => server.requests,
  '/__mock/emails': (server) => server.emails,
}

/** `/__mock/*`: drive the mock over HTTP. Not token requests, so never logged. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  server: MockWixServer,
): Promise<void> {
  const view = getViews[path]
  if (view) {
    req.resume()
    if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET')
    return sendJson(res, 200, view(server))
  }
  const action = postActions[path]
  if (!action) {
    req.resume()
    return sendError(res, errorForStatus(404, `No mock control at ${path}`))
  }
  if (req.method !== 'POST') {
    req.resume()
    return sendMethodNotAllowed(res, 'POST')
  }
  const parsed = parseControlBody(req, await readBody(req))
  if (!parsed.ok) return sendError(res, parsed.error)
  if (path === '/__mock/faults' && parsed.fields.fault === undefined) {
    return sendError(res, missingFieldError('fault'))
  }
  try {
    action(parsed.fields, server)
  } catch (error) {
    const description = error instanceof Error ? error.message : String(error)
    return sendError(res, applicationError(400, 'INVALID_ARGUMENT', description))
  }
  sendJson(res, 200, { ok: true })
}

// Lenient on purpose: `fetch(url, { method: 'POST', body: JSON.stringify(…) })` sends
// `text/plain`, and a demo page should not fail over a missing header.
function parseControlBody(req: IncomingMessage, raw: string): ParsedFields {
  // `POST /__mock/clear` needs no body, and a demo page should not have to invent one.
  if (raw.trim() === '') return { ok: true, encoding: 'json', fields: {} }
  const contentType = req.headers['content-type'] ?? ''
  const isForm = contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
  return parseFields(isForm ? contentType : 'application/json', raw)
}

export function sendMethodNotAllowed(res: ServerResponse, allowed: string): void {
  const error = errorForStatus(405, `Method not allowed; use ${allowed}`)
  sendError(res, error, { Allow: `${allowed}, OPTIONS` })
}
