import { authorize } from './access-check'
import { captchaProblem, loginError, stateAnswer, wixLoginErrors } from './login-states'
import type { MemberContext } from './member-context'
import { errorAnswer, type MemberHandler, type MemberRequest } from './member-endpoint'
import type { MockRequestRecord } from './mock-wix-server.types'
import { isObject } from './redirect-session-request'
import { fieldError, type WixError } from './wix-errors'

// Wix's rule for members' passwords: 4 to 100 ASCII characters.
const passwordLength = { min: 4, max: 100 }
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** `POST /_api/iam/authentication/v2/login` `{ loginId: { email }, password, captchaTokens? }`. */
export const customLogin: MemberHandler = {
  endpoint: 'login',
  describe: describeCaller,
  answer(request, record, context) {
    const problem = commonProblem(request, context)
    if (problem) return errorAnswer(problem)
    const email = emailOf(request.fields) as string
    const password = request.fields.password as string
    const member = context.members.find(email)
    if (!member) {
      return errorAnswer(loginError(wixLoginErrors.noSuchMember, 'No member with this e-mail'))
    }
    record.memberId = member.id
    if (member.password !== password) {
      return errorAnswer(loginError(wixLoginErrors.invalidPassword, 'Wrong password'))
    }
    if (member.mustResetPassword) {
      const description = 'The member must reset their password'
      return errorAnswer(loginError(wixLoginErrors.resetPassword, description))
    }
    return stateAnswer(member, context)
  },
}

/**
 * `POST /_api/iam/authentication/v2/register` `{ loginId: { email }, password, profile?,
 * captchaTokens? }`: a new member, who can then log in. `newMembers` decides their state.
 */
export const customRegister: MemberHandler = {
  endpoint: 'register',
  describe: describeCaller,
  answer(request, record, context) {
    const problem = commonProblem(request, context, true)
    if (problem) return errorAnswer(problem)
    const { profile } = request.fields
    if (profile !== undefined && !isObject(profile)) {
      return errorAnswer(fieldError('profile', 'must be an object', 'TYPE'))
    }
    const email = emailOf(request.fields) as string
    if (context.members.find(email)) {
      return errorAnswer(loginError(wixLoginErrors.emailExists, 'A member with this e-mail exists'))
    }
    const member = context.members.add({
      email,
      password: request.fields.password as string,
      profile: profileOf(profile),
      requireEmailVerification: context.settings.newMembers.requireEmailVerification,
      requireOwnerApproval: context.settings.newMembers.requireOwnerApproval,
    })
    record.memberId = member.id
    return stateAnswer(member, context)
  },
}

/** Records who called and which e-mail they named, even if a fault answers instead. */
export function describeCaller(
  request: MemberRequest,
  record: MockRequestRecord,
  context: MemberContext,
): void {
  const email = emailOf(request.fields) ?? request.fields.email
  record.email = typeof email === 'string' ? email : null
  const authorization = authorize(request.headers.authorization, context.registry)
  if (authorization.ok) record.visitorId = authorization.token.visitorId
}

/** Checks shared by login and register, in the order a caller would meet them. */
function commonProblem(
  request: MemberRequest,
  context: MemberContext,
  registering = false,
): WixError | null {
  const authorization = authorize(request.headers.authorization, context.registry)
  if (!authorization.ok) return authorization.error
  if (request.bodyError) return request.bodyError
  const email = emailOf(request.fields)
  const emailData = { type: 'EMAIL' }
  if (!email) return fieldError('loginId.email', 'must not be empty', 'REQUIRED_FIELD', emailData)
  if (!emailShape.test(email)) {
    return fieldError('loginId.email', 'must be a valid e-mail address', 'FORMAT', emailData)
  }
  const { password } = request.fields
  if (typeof password !== 'string' || password === '') {
    return fieldError('password', 'must not be empty', 'REQUIRED_FIELD')
  }
  if (registering && !isValidNewPassword(password)) {
    const description = `must be ${passwordLength.min} to ${passwordLength.max} ASCII characters`
    return fieldError('password', description, 'LENGTH', { type: 'PASSWORD' })
  }
  return captchaProblem(request.fields, context.settings.captchaToken)
}

function isValidNewPassword(password: string): boolean {
  return (
    password.length >= passwordLength.min &&
    password.length <= passwordLength.max &&
    /^[\x20-\x7e]+$/.test(password)
  )
}

function emailOf(fields: Record<string, unknown>): string | null {
  const { loginId } = fields
  const email = isObject(loginId) ? loginId.email : undefined
  return typeof email === 'string' && email !== '' ? email : null
}

function profileOf(profile: Record<string, unknown> | undefined): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const name of ['nickname', 'firstName', 'lastName']) {
    const value = profile?.[name]
    if (typeof value === 'string') kept[name] = value
  }
  return kept
}
