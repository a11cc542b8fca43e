import { htmlAnswer, type MemberHandler, redirectAnswer } from './member-endpoint'
import { noticeHtml } from './member-pages-html'

/**
 * The page at a logout session's `fullUrl`: the tokens of whoever asked for the session
 * stop working (that login's access and refresh tokens), the browser's login on the
 * mock's origin ends, and the browser goes on to `postFlowUrl`.
 */
export const logoutPage: MemberHandler = {
  endpoint: 'logout-page',
  describe(request, record, context) {
    const found = context.redirectSessions.look(request.url.searchParams.get('session'))
    if (found.state === 'unknown' || found.value.kind !== 'logout') return
    record.clientId = found.value.clientId
    record.visitorId = found.value.subjectId
    if (found.value.role === 'member') record.memberId = found.value.subjectId
  },
  answer(request, _record, context) {
    const id = request.url.searchParams.get('session')
    const found = context.redirectSessions.look(id)
    if (found.state === 'unknown' || found.value.kind !== 'logout' || id === null) {
      const html = noticeHtml('Logout session not found', 'This logout link is not valid.')
      return htmlAnswer(404, html, 'rejected', 'not_found')
    }
    if (found.state !== 'valid') {
      const reason = found.state === 'used' ? 'was already used' : 'has expired'
      const html = noticeHtml('Logout link not valid', `This logout link ${reason}.`)
      return htmlAnswer(410, html, 'rejected', 'invalid_request')
    }
    const session = found.value
    context.redirectSessions.spend(id)
    context.registry.revokeFamily(session.familyId)
    const headers = { 'Set-Cookie': context.siteLogins.end(request.headers) }
    if (session.postFlowUrl === null) {
      const html = noticeHtml('Logged out', 'You are logged out.')
      return htmlAnswer(200, html, 'issued', 'logged_out', headers)
    }
    return redirectAnswer(302, session.postFlowUrl, 'issued', 'logged_out', headers)
  },
}
