import type { IncomingMessage, ServerResponse } from 'node:http'
import { authorize } from './access-check'
import { readBody, sendError, sendJson } from './http-io'
import { parseFields, stringField } from './request-fields'
import type { TokenRegistry } from './token-registry'
import { missingFieldError } from './wix-errors'

export interface IdentityContext {
  registry: TokenRegistry
  siteId: string
  instanceId: string
}

/**
 * `/v1/whoami`: stands in for any Wix API call, so a client can prove its access token
 * works. Wix takes the raw token in `Authorization`, so a `Bearer ` prefix is refused.
 */
export function handleWhoami(
  req: IncomingMessage,
  res: ServerResponse,
  context: IdentityContext,
): void {
  // Unread request bodies would stall a keep-alive connection.
  req.resume()
  const authorization = authorize(req.headers.authorization, context.registry)
  if (!authorization.ok) {
    sendError(res, authorization.error)
    return
  }
  const { visitorId, role, clientId, expiresAt } = authorization.token
  sendJson(res, 200, { visitorId, role, clientId, expiresAt })
}

/** `POST /oauth2/token-info`: introspects an access token like Wix's Token Info endpoint. */
export async function handleTokenInfo(
  req: IncomingMessage,
  res: ServerResponse,
  context: IdentityContext,
): Promise<void> {
  const parsed = parseFields(req.headers['content-type'], await readBody(req))
  if (!parsed.ok) {
    sendError(res, parsed.error)
    return
  }
  const token = stringField(parsed.fields, 'token')
  if (!token) {
    sendError(res, missingFieldError('token'))
    return
  }
  const check = context.registry.checkAccessToken(token)
  if (check.state !== 'active') {
    sendJson(res, 200, { active: false })
    return
  }
  const { role, visitorId, issuedAt, expiresAt, clientId } = check.token
  sendJson(res, 200, {
    active: true,
    subjectType: role === 'member' ? 'MEMBER' : 'VISITOR',
    subjectId: visitorId,
    exp: Math.floor(expiresAt / 1000),
    iat: Math.floor(issuedAt / 1000),
    clientId,
    siteId: context.siteId,
    instanceId: context.instanceId,
  })
}
