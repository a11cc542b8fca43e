import type { CodeGrant, MemberContext } from './member-context'
import type { MemberEntry } from './member-directory'
import { htmlAnswer, type MemberAnswer, redirectAnswer } from './member-endpoint'
import { webMessageHtml } from './member-pages-html'
import type { AuthSession } from './redirect-session-request'

/** How a login ends, as the app will read it. */
export type LoginResult = { code: string } | { error: string; description: string }

export interface DeliveryOptions {
  /** After a form POST the browser must GET the redirect URI: 303, not 302. */
  afterPost: boolean
  headers?: Record<string, string>
}

/** Issues an authorization code for `member`, bound to what the session asked for. */
export function issueCode(
  session: AuthSession,
  member: MemberEntry,
  context: MemberContext,
): LoginResult {
  const grant: CodeGrant = {
    clientId: session.clientId,
    redirectUri: session.redirectUri,
    codeChallenge: session.codeChallenge,
    memberId: member.id,
    familyId: null,
  }
  return { code: context.codes.issue(grant, context.settings.codeLifetimeMs) }
}

/**
 * Sends the result back the way the session asked: in the redirect URI's query or
 * fragment, or posted to the parent page (`web_message`).
 */
export function deliver(
  session: AuthSession,
  result: LoginResult,
  context: MemberContext,
  options: DeliveryOptions,
): MemberAnswer {
  const params: Record<string, string> =
    'code' in result
      ? { code: result.code }
      : { error: result.error, error_description: result.description }
  if (session.state !== null) params.state = session.state
  const outcome = 'code' in result ? 'issued' : 'rejected'
  const name = 'code' in result ? 'code' : result.error
  const headers = options.headers ?? {}
  if (session.responseMode === 'web_message' || session.redirectUri === null) {
    const html = webMessageHtml(params, context.settings.postOrigins)
    return htmlAnswer(200, html, outcome, name, headers)
  }
  const target = new URL(session.redirectUri)
  if (session.responseMode === 'fragment') {
    target.hash = new URLSearchParams(params).toString()
  } else {
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value)
  }
  return redirectAnswer(options.afterPost ? 303 : 302, target.href, outcome, name, headers)
}
