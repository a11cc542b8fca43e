/**
 * Turning a TokenSet into a stored record and back. Decoding never throws: a value that is
 * not a current, valid record of this client becomes a warning the app can observe.
 */
import type { SessionWarning, TokenSet } from '../../machines/session.types'
import { parseTokenSet } from '../token-set'
import { RECORD_VERSION, type SessionRecord } from './store'

export type DecodedRecord =
  | { kind: 'empty' }
  /** `ended`: the member's session ended (see `SessionRecord.endedAt`). */
  | { kind: 'valid'; tokens: TokenSet; ended: boolean }
  /** `discard`: the next commit replaces it; a record of a newer version is left for the build that wrote it. */
  | { kind: 'invalid'; warning: SessionWarning; discard: boolean }

export function encodeRecord(
  tokens: TokenSet,
  clientId: string,
  now: number,
  endedAt?: number,
): SessionRecord {
  const record: SessionRecord = {
    version: RECORD_VERSION,
    clientId,
    tokens: { ...tokens },
    savedAt: now,
  }
  return endedAt === undefined ? record : { ...record, endedAt }
}

export function decodeRecord(value: unknown, clientId: string): DecodedRecord {
  if (value === undefined || value === null) return { kind: 'empty' }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return corrupt('the stored session is not a record object')
  }
  const record = value as Record<string, unknown>
  if (record.version !== RECORD_VERSION) {
    const newer = typeof record.version === 'number' && record.version > RECORD_VERSION
    return {
      kind: 'invalid',
      warning: {
        code: 'unknown_version',
        message: `the stored session has version ${describeVersion(record.version)}; this build reads version ${RECORD_VERSION}`,
      },
      discard: !newer,
    }
  }
  if (record.clientId !== clientId) {
    return corrupt('the stored session belongs to another client ID')
  }
  const tokens = parseTokenSet(record.tokens)
  if (tokens === null) return corrupt('the stored session is incomplete or malformed')
  const endedAt = record.endedAt
  if (endedAt !== undefined && !(typeof endedAt === 'number' && Number.isFinite(endedAt))) {
    return corrupt('the stored session has a malformed end time')
  }
  // Only a member's session ends; a visitor whose refresh token is refused is replaced.
  return { kind: 'valid', tokens, ended: endedAt !== undefined && tokens.role === 'member' }
}

function corrupt(message: string): DecodedRecord {
  return { kind: 'invalid', warning: { code: 'corrupt_record', message }, discard: true }
}

function describeVersion(version: unknown): string {
  return typeof version === 'number' && Number.isFinite(version) ? String(version) : 'unknown'
}
