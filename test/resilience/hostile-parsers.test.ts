/**
 * Property tests of everything that reads input from outside the session: tab messages,
 * stored records, token responses and error responses. Generated values mix arbitrary
 * JSON, prototype keys and near-valid shapes; none may throw (except the typed error a
 * token response is meant to throw), pollute a prototype, or echo a secret.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSessionError } from '../../src/errors'
import { decodeRecord, encodeRecord } from '../../src/storage/record'
import { parseSyncMessage } from '../../src/sync/messages'
import { errorForStatus, parseTokenBody } from '../../src/token-response'
import { prototypesPolluted } from './support/hostile-records'
import { FULL } from './support/resilience-size'

const numRuns = FULL ? 5000 : 500

const hostileKey = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'),
)

/** Any JSON-like value, with prototype keys among its keys, as JSON.parse would build it. */
const hostileValue = fc
  .anything({ key: hostileKey, maxDepth: 4, withNullPrototype: true, withBoxedValues: true })
  .map((value) => {
    try {
      // Through JSON text, so that `__proto__` becomes an own key as in a parsed message.
      return JSON.parse(JSON.stringify(value) ?? 'null') as unknown
    } catch {
      return value
    }
  })

const now = Date.now()
const validTokens = {
  sessionId: 'a1b2c3',
  accessToken: 'OauthNG.JWS.access',
  refreshToken: 'JWS.refresh',
  issuedAt: now,
  expiresAt: now + 3_600_000,
  role: 'visitor',
}

/** A valid object with one field replaced by anything, or removed. */
function nearly<T extends Record<string, unknown>>(valid: T) {
  return fc
    .record({
      field: fc.constantFrom(...Object.keys(valid), '__proto__', 'constructor'),
      replacement: fc.option(hostileValue, { nil: undefined }),
    })
    .map(({ field, replacement }) => {
      const copy: Record<string, unknown> = JSON.parse(JSON.stringify(valid))
      if (replacement === undefined) delete copy[field]
      else
        Object.defineProperty(copy, field, {
          value: replacement,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      return copy
    })
}

/** The keys of a parsed token set, but for the optional `generation`. */
const tokenKeys = (tokens: object) =>
  Object.keys(tokens)
    .filter((key) => key !== 'generation')
    .sort()

const validMessage = { v: 1, type: 'session', from: 'tab-1', tokens: validTokens }
const validRecord = encodeRecord(validTokens as never, 'client', now) as unknown as Record<
  string,
  unknown
>

describe('tab messages', () => {
  it('are either a well-formed event or ignored, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          nearly(validMessage),
          nearly({ ...validMessage, tokens: undefined }),
          nearly({ v: 1, type: 'ask', from: 'tab-1' }),
        ),
        (data) => {
          const parsed = parseSyncMessage(data)
          expect(prototypesPolluted()).toBe(false)
          if (parsed === null) return
          expect(typeof parsed.from).toBe('string')
          expect(['SYNC.SESSION', 'SYNC.SIGNED_OUT', 'SYNC.BACKOFF', 'SYNC.ASKED']).toContain(
            parsed.event.type,
          )
          if (parsed.event.type === 'SYNC.ASKED')
            expect(parsed.event).toEqual({ type: 'SYNC.ASKED' })
          if (parsed.event.type === 'SYNC.SESSION') {
            const { tokens } = parsed.event
            expect(Object.getPrototypeOf(tokens)).toBe(Object.prototype)
            expect(tokenKeys(tokens)).toEqual(Object.keys(validTokens).sort())
            expect(tokens.expiresAt).toBeGreaterThan(tokens.issuedAt)
          }
        },
      ),
      { numRuns },
    )
  })
})

describe('stored records', () => {
  it('decode to valid tokens, nothing, or a warning, whatever is stored', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, nearly(validRecord)), (raw) => {
        const decoded = decodeRecord(raw, 'client')
        expect(prototypesPolluted()).toBe(false)
        if (decoded.kind === 'invalid') {
          expect(['corrupt_record', 'unknown_version']).toContain(decoded.warning.code)
          expect(decoded.warning.message).not.toContain(validTokens.accessToken)
          expect(decoded.warning.message).not.toContain(validTokens.refreshToken)
        }
        if (decoded.kind === 'valid') {
          expect(tokenKeys(decoded.tokens)).toEqual(Object.keys(validTokens).sort())
          expect(decoded.tokens.expiresAt).toBeGreaterThan(decoded.tokens.issuedAt)
        }
      }),
      { numRuns },
    )
  })
})

describe('token responses', () => {
  const context = { grant: 'refresh_token' as const, secrets: ['opaque-refresh-secret'], now }

  it('give whole tokens or a bad_response error that quotes nothing of the body', () => {
    const secret = 'opaque-access-secret'
    const body = fc.oneof(
      fc.string(),
      hostileValue.map((value) => JSON.stringify(value) ?? ''),
      nearly({ access_token: secret, refresh_token: secret, expires_in: 3600 }).map((value) =>
        JSON.stringify(value),
      ),
    )
    fc.assert(
      fc.property(body, (text) => {
        try {
          const granted = parseTokenBody(text, context)
          expect(granted.expiresIn).toBeGreaterThanOrEqual(1)
          expect(granted.expiresIn).toBeLessThanOrEqual(24 * 60 * 60)
        } catch (error) {
          expect(isSessionError(error, 'bad_response')).toBe(true)
          expect(JSON.stringify(error)).not.toContain(secret)
          expect(String(error)).not.toContain(secret)
        }
        expect(prototypesPolluted()).toBe(false)
      }),
      { numRuns },
    )
  })

  it('give a typed error for any status and body, never quoting the refresh token sent', () => {
    const echoing = fc.oneof(
      fc.string().map((text) => `${text} opaque-refresh-secret`),
      hostileValue.map((value) =>
        JSON.stringify({
          message: 'opaque-refresh-secret',
          details: value,
          error: 'opaque-refresh-secret',
        }),
      ),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 599 }),
        echoing,
        fc.option(fc.string()),
        (status, text, retryAfter) => {
          const headers = new Headers(
            retryAfter === null ? {} : { 'retry-after': retryAfter.replace(/[^\x20-\x7e]/g, '') },
          )
          const error = errorForStatus(status, headers, text, context)
          expect(isSessionError(error)).toBe(true)
          for (const shown of [
            error.message,
            JSON.stringify(error),
            JSON.stringify(error.body ?? {}),
          ]) {
            expect(shown).not.toContain('opaque-refresh-secret')
          }
          if (error.retryAfterMs !== undefined) expect(error.retryAfterMs).toBeGreaterThanOrEqual(0)
          expect(prototypesPolluted()).toBe(false)
        },
      ),
      { numRuns },
    )
  })
})
