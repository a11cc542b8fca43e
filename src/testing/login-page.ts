import { deliver, issueCode, type LoginResult } from './login-delivery'
import type { MemberContext } from './member-context'
import { holdOf, type MemberEntry } from './member-directory'
import {
  htmlAnswer,
  type MemberAnswer,
  type MemberHandler,
  type MemberRequest,
} from './member-endpoint'
import { cancelPath, loginFormHtml, noticeHtml } from './member-pages-html'
import type { MockRequestRecord } from './mock-wix-server.types'
import type { AuthSession } from './redirect-session-request'
import { stringField } from './request-fields'

// What the form says when a member with the right password still cannot log in.
const holdMessages: Record<string, string> = {
  REQUIRE_EMAIL_VERIFICATION: 'Verify your e-mail address before logging in.',
  REQUIRE_OWNER_APPROVAL: "The site's owner has not approved this member yet.",
  '-19973': 'This member must reset their password before logging in.',
}

/**
 * The login page at a login session's `fullUrl`: `GET` shows the form (or answers at once
 * for `prompt: 'none'`, a session token or auto-login), `POST` checks the form, and the
 * cancel link answers `access_denied`. Every way out is delivered per `responseMode`.
 */
export const loginPage: MemberHandler = {
  endpoint: 'login-page',
  describe(request, record, context) {
    const found = context.redirectSessions.look(sessionIdOf(request))
    if (found.state !== 'unknown' && found.value.kind === 'auth') {
      record.clientId = found.value.clientId
    }
    if (request.method === 'POST') record.email = stringField(request.fields, 'email')
  },
  answer(request, record, context) {
    const id = sessionIdOf(request)
    const found = context.redirectSessions.look(id)
    if (found.state === 'unknown' || found.value.kind !== 'auth' || id === null) {
      const html = noticeHtml('Login session not found', 'This login link is not valid.')
      return htmlAnswer(404, html, 'rejected', 'not_found')
    }
    const session = found.value
    const afterPost = request.method === 'POST'
    if (found.state !== 'valid') {
      const reason = found.state === 'used' ? 'was already used' : 'has expired'
      const description = `This login session ${reason}`
      return deliver(session, { error: 'invalid_request', description }, context, { afterPost })
    }
    const finish = (result: LoginResult, headers?: Record<string, string>): MemberAnswer => {
      context.redirectSessions.spend(id)
      return deliver(session, result, context, { afterPost, headers })
    }
    const logIn = (member: MemberEntry): MemberAnswer => {
      record.memberId = member.id
      const cookie = context.siteLogins.start(member.id)
      return finish(issueCode(session, member, context), { 'Set-Cookie': cookie })
    }

    if (request.url.pathname === cancelPath) {
      return finish({ error: 'access_denied', description: 'The member cancelled the login' })
    }
    if (afterPost) return submitForm(request, record, context, id, logIn)

    const byToken = memberOfSessionToken(session, context)
    if (byToken) return logIn(byToken)
    if (session.prompt === 'none') {
      const member = loggedInMember(request, context)
      if (member) {
        record.memberId = member.id
        return finish(issueCode(session, member, context))
      }
      return finish({ error: 'login_required', description: 'No member is logged in' })
    }
    const automatic = context.members.find(context.settings.autoLogin)
    if (automatic && holdOf(automatic) === null) return logIn(automatic)
    const form = loginFormHtml({ sessionId: id, email: '', error: null })
    return htmlAnswer(200, form, 'issued', 'form')
  },
}

function submitForm(
  request: MemberRequest,
  record: MockRequestRecord,
  context: MemberContext,
  sessionId: string,
  logIn: (member: MemberEntry) => MemberAnswer,
): MemberAnswer {
  const email = stringField(request.fields, 'email') ?? ''
  const password = stringField(request.fields, 'password') ?? ''
  const member = context.members.find(email)
  const again = (error: string, result: string) => {
    const form = loginFormHtml({ sessionId, email, error })
    return htmlAnswer(200, form, 'rejected', result)
  }
  if (!member || member.password !== password) {
    return again('Wrong e-mail or password.', 'invalid_credentials')
  }
  record.memberId = member.id
  const hold = member.mustResetPassword ? '-19973' : holdOf(member)
  if (hold) return again(holdMessages[hold] ?? hold, hold)
  return logIn(member)
}

// A custom-login session token logs its member in once, whatever the prompt.
function memberOfSessionToken(session: AuthSession, context: MemberContext): MemberEntry | null {
  if (session.sessionToken === null) return null
  const found = context.sessionTokens.take(session.sessionToken)
  if (found.state !== 'valid') return null
  return context.members.findById(found.value.memberId) ?? null
}

function loggedInMember(request: MemberRequest, context: MemberContext): MemberEntry | null {
  const memberId = context.siteLogins.memberOf(request.headers)
  const member = memberId ? context.members.findById(memberId) : undefined
  return member && holdOf(member) === null ? member : null
}

function sessionIdOf(request: MemberRequest): string | null {
  return request.url.searchParams.get('session') ?? stringField(request.fields, 'session')
}
