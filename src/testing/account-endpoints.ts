import { authorize } from './access-check'
import { describeCaller } from './custom-login'
import { stateAnswer } from './login-states'
import { errorAnswer, jsonAnswer, type MemberHandler } from './member-endpoint'
import { isObject } from './redirect-session-request'
import { stringField } from './request-fields'
import { applicationError, fieldError } from './wix-errors'

/**
 * `POST /_api/iam/verification/v1/auth/verify` `{ code, stateToken }`: the code e-mailed
 * at `REQUIRE_EMAIL_VERIFICATION`. A wrong code may be tried again; the right one verifies
 * the e-mail for good and answers the member's next state (usually `SUCCESS`).
 */
export const verifyEndpoint: MemberHandler = {
  endpoint: 'verify',
  describe(request, record, context) {
    describeCaller(request, record, context)
    const found = context.stateTokens.look(stringField(request.fields, 'stateToken'))
    if (found.state === 'unknown') return
    record.memberId = found.value.memberId
    record.email = context.members.findById(found.value.memberId)?.email ?? null
  },
  answer(request, _record, context) {
    const authorization = authorize(request.headers.authorization, context.registry)
    if (!authorization.ok) return errorAnswer(authorization.error)
    if (request.bodyError) return errorAnswer(request.bodyError)
    const code = stringField(request.fields, 'code')
    const stateToken = stringField(request.fields, 'stateToken')
    if (!code) return errorAnswer(fieldError('code', 'must not be empty', 'REQUIRED_FIELD'))
    if (!stateToken) {
      return errorAnswer(fieldError('stateToken', 'must not be empty', 'REQUIRED_FIELD'))
    }
    const found = context.stateTokens.look(stateToken)
    const member =
      found.state === 'unknown' ? undefined : context.members.findById(found.value.memberId)
    // Wix's own codes for these two are not in its reference; these name what went wrong.
    if (found.state !== 'valid' || found.value.code === null || !member) {
      const description = 'The state token is not valid, has expired or was already used'
      return errorAnswer(applicationError(400, 'invalid_state_token', description))
    }
    if (code !== found.value.code) {
      const description = 'The verification code is not correct'
      return errorAnswer(applicationError(400, 'invalid_verification_code', description))
    }
    context.stateTokens.spend(stateToken)
    member.needsEmailVerification = false
    return stateAnswer(member, context)
  },
}

/**
 * `POST /_api/iam/recovery/v1/send-email` `{ email, redirect: { url, clientId } }`: records
 * a password-reset e-mail for a known member. Like a real site it answers the same for an
 * unknown e-mail, so the answer never tells who is a member.
 */
export const recoveryEndpoint: MemberHandler = {
  endpoint: 'recovery',
  describe(request, record, context) {
    describeCaller(request, record, context)
    const { redirect } = request.fields
    const clientId = isObject(redirect) ? redirect.clientId : undefined
    record.clientId = typeof clientId === 'string' ? clientId : null
  },
  answer(request, record, context) {
    const authorization = authorize(request.headers.authorization, context.registry)
    if (!authorization.ok) return errorAnswer(authorization.error)
    if (request.bodyError) return errorAnswer(request.bodyError)
    const email = stringField(request.fields, 'email')
    if (!email) {
      return errorAnswer(
        fieldError('email', 'must not be empty', 'REQUIRED_FIELD', { type: 'EMAIL' }),
      )
    }
    const { redirect } = request.fields
    if (redirect !== undefined && !isObject(redirect)) {
      return errorAnswer(fieldError('redirect', 'must be an object', 'TYPE'))
    }
    const redirectUrl = redirect ? stringField(redirect, 'url') : null
    const clientId = redirect ? stringField(redirect, 'clientId') : null
    if (redirectUrl !== null && !URL.canParse(redirectUrl)) {
      return errorAnswer(fieldError('redirect.url', 'must be an absolute URL'))
    }
    if (clientId !== null && !context.clientIds.has(clientId)) {
      const description = `Client ID is not valid: "${clientId}"`
      return errorAnswer(applicationError(400, 'invalid_client', description, { clientId }))
    }
    const member = context.members.find(email)
    if (!member) return jsonAnswer(200, {}, 'issued', 'no_member')
    record.memberId = member.id
    context.outbox.send({
      kind: 'password-reset',
      to: member.email,
      ...(redirectUrl === null ? {} : { redirectUrl }),
      ...(clientId === null ? {} : { clientId }),
    })
    return jsonAnswer(200, {}, 'issued', 'sent')
  },
}
