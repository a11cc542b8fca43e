import { answerCodeGrant } from './code-grant'
import type { CodeGrant } from './member-context'
import type { MockTokenResponse } from './mock-wix-server.types'
import type { OneTimeStore } from './one-time-store'
import type { TokenRegistry } from './token-registry'
import type { TokenRequestFields } from './token-request'
import { applicationError, invalidGrant, missingFieldError, type WixError } from './wix-errors'

export type GrantAnswer =
  | { outcome: 'issued'; tokens: MockTokenResponse; visitorId: string }
  | { outcome: 'rejected'; error: WixError; visitorId: string | null }

export interface GrantContext {
  registry: TokenRegistry
  clientIds: ReadonlySet<string>
  /** The login page's codes; without them `authorization_code` is unsupported. */
  codes?: OneTimeStore<CodeGrant>
}

/** What Wix's token endpoint would answer to these fields. */
export function answerGrant(context: GrantContext, request: TokenRequestFields): GrantAnswer {
  const { grantType } = request
  if (!grantType) return rejected(missingFieldError('grantType'))
  if (grantType === 'anonymous') return answerAnonymous(context, request)
  if (grantType === 'refresh_token') return answerRefresh(context, request)
  if (grantType === 'authorization_code' && context.codes) {
    return answerCodeGrant({ ...context, codes: context.codes }, request)
  }
  const description = `Grant type "${grantType}" is not supported`
  return rejected(applicationError(400, 'unsupported_grant_type', description))
}

function answerAnonymous(context: GrantContext, request: TokenRequestFields): GrantAnswer {
  const clientError = checkClient(context, request.clientId, true)
  if (clientError) return rejected(clientError)
  const { tokens, subject } = context.registry.mintSession(request.clientId ?? '', 'visitor')
  return { outcome: 'issued', tokens, visitorId: subject.visitorId }
}

function answerRefresh(context: GrantContext, request: TokenRequestFields): GrantAnswer {
  const { refreshToken, clientId } = request
  if (!refreshToken) return rejected(invalidGrant('Refresh token is missing'))
  const visitorId = context.registry.visitorOfRefreshToken(refreshToken)
  // `@wix/sdk` refreshes without a client ID, so it is checked only when sent.
  const clientError = checkClient(context, clientId, false)
  if (clientError) return rejected(clientError, visitorId)
  const attempt = context.registry.refresh(refreshToken, clientId || null)
  if (!attempt.ok) return rejected(invalidGrant(attempt.description), attempt.visitorId)
  return { outcome: 'issued', tokens: attempt.tokens, visitorId: attempt.subject.visitorId }
}

export function checkClient(
  context: GrantContext,
  clientId: string | null,
  required: boolean,
): WixError | null {
  if (!clientId) return required ? missingFieldError('clientId') : null
  if (context.clientIds.has(clientId)) return null
  return applicationError(400, 'invalid_client', `Client ID is not valid: "${clientId}"`, {
    clientId,
  })
}

export function rejected(error: WixError, visitorId: string | null = null): GrantAnswer {
  return { outcome: 'rejected', error, visitorId }
}
