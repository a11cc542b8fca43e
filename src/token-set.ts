/**
 * Validation of token sets that arrive from outside the running session: a stored record,
 * another tab's message, tokens handed over by the app. A value is accepted only as a
 * whole, rebuilt field by field, so nothing else that came with it (a `__proto__` key,
 * extra fields, a getter) survives.
 */
import type { TokenRole, TokenSet } from '../machines/session.types'
import { MAX_TOKEN_LENGTH } from './token-response'

/** The longest session ID the session accepts (its own are 32 hex characters). */
export const MAX_SESSION_ID_LENGTH = 128

const ROLES: ReadonlySet<TokenRole> = new Set(['visitor', 'member'])

/** The TokenSet in `value`, or `null` when `value` is not a complete, sane one. */
export function parseTokenSet(value: unknown): TokenSet | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const candidate = value as Record<string, unknown>
  const { sessionId, accessToken, refreshToken, issuedAt, expiresAt, role } = candidate
  if (!isBoundedString(sessionId, MAX_SESSION_ID_LENGTH)) return null
  if (!isBoundedString(accessToken, MAX_TOKEN_LENGTH)) return null
  if (!isBoundedString(refreshToken, MAX_TOKEN_LENGTH)) return null
  if (!isTime(issuedAt) || !isTime(expiresAt) || expiresAt <= issuedAt) return null
  if (typeof role !== 'string' || !ROLES.has(role as TokenRole)) return null
  const tokens: TokenSet = {
    sessionId,
    accessToken,
    refreshToken,
    issuedAt,
    expiresAt,
    role: role as TokenRole,
  }
  const { generation } = candidate
  if (generation === undefined) return tokens
  if (!Number.isSafeInteger(generation) || (generation as number) < 0) return null
  return { ...tokens, generation: generation as number }
}

function isBoundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
