/**
 * Wix's custom-login calls (IAM): log in, register, verify an e-mail, send a password
 * reset; each authorised with the visitor's token. Their answers become a `LoginStep`,
 * and Wix's error codes become SessionErrors of their own, so a form can tell a wrong
 * password from an unknown e-mail without reading Wix's numbers.
 * ref: ../shared/reference/wix-members.md §3
 */
import { isSessionError, SessionError, type SessionErrorCode } from '../errors'
import { postToWix, stringAt, type WixCall } from './wix-rest'

export const LOGIN_PATH = '/_api/iam/authentication/v2/login'
export const REGISTER_PATH = '/_api/iam/authentication/v2/register'
export const VERIFY_PATH = '/_api/iam/verification/v1/auth/verify'
export const RECOVERY_PATH = '/_api/iam/recovery/v1/send-email'

/** Where a member stands after a login, a registration or a verification. */
export type LoginStep =
  | { state: 'SUCCESS'; sessionToken: string }
  | { state: 'REQUIRE_EMAIL_VERIFICATION'; stateToken: string }
  | { state: 'REQUIRE_OWNER_APPROVAL' }

/** A call without its path and body; `what` names it in error messages. */
export type IdentityCall = Omit<WixCall, 'path' | 'body'>

/** POST to one of the IAM endpoints and read the member's state from the answer. */
export async function postLoginStep(
  call: IdentityCall,
  path: string,
  body: unknown,
): Promise<LoginStep> {
  return loginStepOf(await postIdentity(call, path, body), call.what)
}

/** POST to one of the IAM endpoints; Wix's errors as the session's own. */
export async function postIdentity(call: IdentityCall, path: string, body: unknown) {
  try {
    return await postToWix({ ...call, path, body })
  } catch (error) {
    throw identityError(error, call.what)
  }
}

function loginStepOf(answer: Record<string, unknown>, what: string): LoginStep {
  const state = stringAt(answer, ['state'])
  if (state === 'SUCCESS') {
    const sessionToken = stringAt(answer, ['sessionToken'])
    if (sessionToken) return { state, sessionToken }
  } else if (state === 'REQUIRE_EMAIL_VERIFICATION') {
    const stateToken = stringAt(answer, ['stateToken'])
    if (stateToken) return { state, stateToken }
  } else if (state === 'REQUIRE_OWNER_APPROVAL') {
    return { state }
  } else if (state !== null) {
    // A state name is Wix's enum (`REQUIRE_MFA`, `STATUS_CHECK`): shown only when it looks like one.
    const name = /^[A-Z_]{1,64}$/.test(state) ? state : 'unrecognised'
    return unsupported(what, name)
  }
  throw new SessionError('bad_response', `${what} failed: the answer has no usable state`, {
    retryable: false,
  })
}

function unsupported(what: string, state: string): never {
  throw new SessionError(
    'login_state_unsupported',
    `${what}: Wix asks for a step this library does not handle (${state}); nothing was changed`,
  )
}

/** Wix's error codes (`details.applicationError.code`) and what they mean for a form. */
const WIX_CODES: Record<string, [SessionErrorCode, string]> = {
  '-19976': ['invalid_password', 'the password is wrong for this e-mail'],
  '-19999': ['member_not_found', 'no member has this e-mail'],
  '-19995': ['email_exists', 'a member with this e-mail exists already'],
  '-19971': ['captcha_required', 'the site requires a captcha; send its token'],
  '-19970': ['captcha_invalid', 'Wix refused the captcha token; solve the captcha again'],
  '-19973': ['password_reset_required', 'the member must reset their password first'],
  // Wix's reference names no codes for these two; these are the mock's, by what they mean.
  invalid_verification_code: ['verification_code_invalid', 'the code is not the one sent'],
  invalid_state_token: ['verification_expired', 'the verification expired; log in again'],
}

/** An HTTP error from Wix as the SessionError a form can branch on; anything else unchanged. */
export function identityError(error: unknown, what: string): unknown {
  if (!isSessionError(error, 'http') || error.body === undefined) return error
  const details = error.body.details
  const code = details?.applicationError?.code
  const known = typeof code === 'string' ? WIX_CODES[code] : undefined
  const base = { status: error.status ?? 400, body: error.body, cause: error, retryable: false }
  if (known !== undefined) {
    return new SessionError(known[0], `${what} failed: ${known[1]} (${code})`, base)
  }
  const violations = details?.validationError?.fieldViolations
  if (Array.isArray(violations)) {
    const fields = violations
      .map((violation) => violation?.field)
      .filter(
        (field): field is string => typeof field === 'string' && /^[\w.[\]-]{1,100}$/.test(field),
      )
    const named = fields.length > 0 ? `: ${[...new Set(fields)].join(', ')}` : ''
    return new SessionError('invalid_input', `${what} failed: Wix refused the input${named}`, base)
  }
  return error
}
