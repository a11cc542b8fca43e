/** Tokens the app hands to `importTokens()`, checked and made a TokenSet. */
import type { TokenSet } from '../machines/session.types'
import { bornAfter, LOGIN_STEPS } from '../machines/token-order'
import { SessionError } from './errors'
import { randomId } from './random-id'
import type { ImportableTokens } from './session-api'
import { parseTokenSet } from './token-set'

/**
 * The TokenSet for `tokens`, later (by generation) than anything the session has seen, so
 * every tab takes it over what it holds. It is born `LOGIN_STEPS` births above the highest
 * generation this tab has seen: a refresh in flight elsewhere stays in the step it was born
 * in, and mints elsewhere climb a step each, so none wins over the member
 * (machines/token-order.ts).
 * Throws `invalid_tokens` for anything unusable.
 */
export function importedTokenSet(
  tokens: ImportableTokens,
  now: number,
  generationSeen: number,
): TokenSet {
  const imported = parseTokenSet({
    sessionId: tokens?.sessionId ?? randomId(),
    accessToken: tokens?.accessToken,
    refreshToken: tokens?.refreshToken,
    // An already expired access token is accepted: its refresh token renews it.
    issuedAt: Math.min(tokens?.issuedAt ?? now, now, (tokens?.expiresAt ?? 0) - 1),
    expiresAt: tokens?.expiresAt,
    role: tokens?.role ?? 'visitor',
    generation: bornAfter(generationSeen, LOGIN_STEPS),
  })
  if (imported === null) {
    throw new SessionError(
      'invalid_tokens',
      'importTokens(): expected non-empty accessToken and refreshToken strings, an expiresAt in epoch ms and a role of visitor or member',
    )
  }
  return imported
}
