import { randomInt } from 'node:crypto'
import type { MemberContext } from './member-context'
import { holdOf, type MemberEntry } from './member-directory'
import { jsonAnswer, type MemberAnswer } from './member-endpoint'
import { applicationError, type WixError } from './wix-errors'

/** The error codes of Wix's custom login that `@wix/sdk` reads. */
export const wixLoginErrors = {
  invalidCaptcha: '-19970',
  missingCaptcha: '-19971',
  resetPassword: '-19973',
  invalidPassword: '-19976',
  emailExists: '-19995',
  noSuchMember: '-19999',
} as const

export function loginError(code: string, description: string): WixError {
  return applicationError(400, code, description)
}

/**
 * Where a member stands after a successful login, registration or verification, as Wix
 * answers it: `SUCCESS` with a single-use `sessionToken`, or a state the member must get
 * past first, with a `stateToken` (and a verification e-mail for `REQUIRE_EMAIL_VERIFICATION`).
 */
export function stateAnswer(member: MemberEntry, context: MemberContext): MemberAnswer {
  const hold = holdOf(member)
  const identity = identityOf(member)
  if (hold === null) {
    const grant = { memberId: member.id }
    const sessionToken = context.sessionTokens.issue(grant, context.settings.codeLifetimeMs)
    return jsonAnswer(200, { state: 'SUCCESS', sessionToken, identity }, 'issued', 'SUCCESS')
  }
  const code = hold === 'REQUIRE_EMAIL_VERIFICATION' ? verificationCode() : null
  const lifetime = context.settings.redirectSessionLifetimeMs
  const stateToken = context.stateTokens.issue({ memberId: member.id, code }, lifetime)
  if (code !== null) context.outbox.send({ kind: 'verification', to: member.email, code })
  return jsonAnswer(200, { state: hold, stateToken, identity }, 'issued', hold)
}

/** The member's identity in Wix's REST shape (`@wix/sdk` renames `id` to `_id`). */
export function identityOf(member: MemberEntry): Record<string, unknown> {
  const reasons = [
    ...(member.needsEmailVerification ? ['PENDING_EMAIL_VERIFICATION_REQUIRED'] : []),
    ...(member.needsOwnerApproval ? ['PENDING_ADMIN_APPROVAL_REQUIRED'] : []),
  ]
  return {
    id: member.id,
    revision: '1',
    createdDate: member.createdAt,
    updatedDate: member.createdAt,
    identityProfile: { ...member.profile },
    email: { address: member.email, isVerified: !member.needsEmailVerification },
    status: { name: reasons.length === 0 ? 'ACTIVE' : 'PENDING', reasons },
  }
}

/**
 * With a captcha required (`captchaToken`), a request needs `captchaTokens` naming it.
 * `@wix/sdk` sends `[{ Recaptcha }]` or `[{ InvisibleRecaptcha }]`.
 */
export function captchaProblem(
  fields: Record<string, unknown>,
  expected: string | null,
): WixError | null {
  if (expected === null) return null
  const tokens = captchaTokensOf(fields.captchaTokens)
  if (tokens.length === 0) {
    return loginError(wixLoginErrors.missingCaptcha, 'A captcha token is required')
  }
  if (!tokens.includes(expected)) {
    return loginError(wixLoginErrors.invalidCaptcha, 'The captcha token is not valid')
  }
  return null
}

function captchaTokensOf(value: unknown): string[] {
  const entries = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return entries.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return []
    const { Recaptcha, InvisibleRecaptcha, NoCaptcha, recaptchaForClientSiteKey } = entry as Record<
      string,
      unknown
    >
    const forKey = (recaptchaForClientSiteKey as { token?: unknown } | undefined)?.token
    return [Recaptcha, InvisibleRecaptcha, NoCaptcha, forKey].filter(
      (token): token is string => typeof token === 'string' && token !== '',
    )
  })
}

// Six digits, like the codes Wix e-mails.
function verificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}
