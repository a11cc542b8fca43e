import { createHash } from 'node:crypto'
import type { CodeGrant } from './member-context'
import type { OneTimeStore } from './one-time-store'
import { checkClient, type GrantAnswer, type GrantContext, rejected } from './token-grants'
import type { TokenRequestFields } from './token-request'
import { invalidGrant, missingFieldError } from './wix-errors'

// ref: RFC 7636 §4.1 — 43 to 128 characters of the unreserved set.
const verifierShape = /^[A-Za-z0-9\-._~]{43,128}$/

/**
 * The `authorization_code` grant: a code from the login page, for member tokens. The code
 * is spent by any attempt, right or wrong, and must come back with the client ID and
 * `redirectUri` it was issued for and the PKCE verifier of its challenge.
 */
export function answerCodeGrant(
  context: GrantContext & { codes: OneTimeStore<CodeGrant> },
  request: TokenRequestFields,
): GrantAnswer {
  const { clientId, code, codeVerifier, redirectUri } = request
  const clientError = checkClient(context, clientId, true)
  if (clientError) return rejected(clientError)
  if (!code) return rejected(missingFieldError('code'))
  if (!codeVerifier) return rejected(missingFieldError('codeVerifier'))
  const found = context.codes.take(code)
  if (found.state === 'unknown') return rejected(invalidGrant('Authorization code is not valid'))
  const grant = found.value
  if (found.state === 'used') {
    // ref: RFC 6749 §4.1.2 — a replayed code SHOULD revoke the tokens issued for it.
    if (grant.familyId) context.registry.revokeFamily(grant.familyId)
    return rejected(invalidGrant('Authorization code was already used'), grant.memberId)
  }
  if (found.state === 'expired') {
    return rejected(invalidGrant('Authorization code has expired'), grant.memberId)
  }
  if (clientId !== grant.clientId) {
    return rejected(invalidGrant('Authorization code was issued to another client'), grant.memberId)
  }
  // A web_message login has no redirectUri; then none may be sent either.
  if ((redirectUri ?? null) !== grant.redirectUri) {
    const description = 'redirectUri does not match the one the code was issued for'
    return rejected(invalidGrant(description), grant.memberId)
  }
  if (!verifierShape.test(codeVerifier) || challengeOf(codeVerifier) !== grant.codeChallenge) {
    return rejected(invalidGrant('Code verifier does not match the code challenge'), grant.memberId)
  }
  const { tokens, subject } = context.registry.mintSession(grant.clientId, 'member', grant.memberId)
  grant.familyId = subject.familyId
  return { outcome: 'issued', tokens, visitorId: grant.memberId }
}

/** base64url (no padding) of SHA-256 over the ASCII verifier: PKCE's S256. */
export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}
