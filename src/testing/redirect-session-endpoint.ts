import { randomBytes, randomUUID } from 'node:crypto'
import { authorize } from './access-check'
import { errorAnswer, jsonAnswer, type MemberHandler } from './member-endpoint'
import { loginPath, logoutPath } from './member-pages-html'
import { isObject, parseRedirectSessionRequest } from './redirect-session-request'

/**
 * `POST /_api/redirects-api/v1/redirect-session` (and the REST reference's
 * `/redirect-session/v1/redirect-session`): a login or logout URL on the mock's own pages,
 * authorised by any valid access token in the raw `Authorization` header.
 */
export const redirectSessionEndpoint: MemberHandler = {
  endpoint: 'redirect-session',
  describe(request, record, context) {
    const { auth, logout } = request.fields
    const authRequest = isObject(auth) ? auth.authRequest : undefined
    const clientId = isObject(authRequest)
      ? authRequest.clientId
      : isObject(logout)
        ? logout.clientId
        : null
    record.clientId = typeof clientId === 'string' ? clientId : null
    const authorization = authorize(request.headers.authorization, context.registry)
    if (!authorization.ok) return
    record.visitorId = authorization.token.visitorId
    if (authorization.token.role === 'member') record.memberId = authorization.token.visitorId
  },
  answer(request, _record, context) {
    const authorization = authorize(request.headers.authorization, context.registry)
    if (!authorization.ok) return errorAnswer(authorization.error)
    if (request.bodyError) return errorAnswer(request.bodyError)
    const rules = { clientIds: context.clientIds, redirectUris: context.settings.redirectUris }
    const parsed = parseRedirectSessionRequest(request.fields, rules, authorization.token)
    if (!parsed.ok) return errorAnswer(parsed.error)
    const { session } = parsed
    const id = context.redirectSessions.issue(
      session,
      context.settings.redirectSessionLifetimeMs,
      randomUUID(),
    )
    const endpoint = `${context.baseUrl}${session.kind === 'auth' ? loginPath : logoutPath}`
    const fullUrl = `${endpoint}?${new URLSearchParams({ session: id })}`
    const redirectSession = {
      id,
      fullUrl,
      urlDetails: { endpoint, searchParams: { session: id } },
      // Opaque, as in Wix's answer; the mock accepts it nowhere.
      sessionToken: `JWS.${randomBytes(24).toString('base64url')}`,
      shortUrl: fullUrl,
    }
    return jsonAnswer(200, { redirectSession }, 'issued', session.kind)
  },
}
