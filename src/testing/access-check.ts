import type { AccessTokenCheck, AccessTokenEntry, TokenRegistry } from './token-registry'
import { unauthenticated, type WixError } from './wix-errors'

export type Authorization =
  | { ok: true; token: Readonly<AccessTokenEntry> }
  | { ok: false; error: WixError }

const rejectionByState: Record<Exclude<AccessTokenCheck['state'], 'active'>, WixError> = {
  unknown: unauthenticated('unknown', 'Access token is not valid'),
  expired: unauthenticated('expired', 'Access token has expired'),
  revoked: unauthenticated('revoked', 'Access token was revoked'),
}

/**
 * Checks the `Authorization` header of a Wix API call. Wix takes the raw token, so a
 * `Bearer ` prefix is refused, as are missing, unknown, expired and revoked tokens (401).
 */
export function authorize(header: string | undefined, registry: TokenRegistry): Authorization {
  if (!header)
    return { ok: false, error: unauthenticated('missing', 'Missing Authorization header') }
  if (/^bearer\s/i.test(header)) {
    const description = 'Authorization must carry the raw access token, without a "Bearer " prefix'
    return { ok: false, error: unauthenticated('bearer_prefix', description) }
  }
  const check = registry.checkAccessToken(header)
  if (check.state !== 'active') return { ok: false, error: rejectionByState[check.state] }
  return { ok: true, token: check.token }
}
