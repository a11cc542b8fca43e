import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import { decodeRecord, encodeRecord } from '../../src/storage/record'

const tokens: TokenSet = {
  sessionId: 'a1b2',
  accessToken: 'OauthNG.JWS.access',
  refreshToken: 'JWS.refresh',
  issuedAt: 1_000,
  expiresAt: 14_401_000,
  role: 'visitor',
}

describe('records', () => {
  it('round-trips a token set through JSON', () => {
    const stored = JSON.parse(JSON.stringify(encodeRecord(tokens, 'client', 5)))
    expect(decodeRecord(stored, 'client')).toEqual({ kind: 'valid', tokens, ended: false })
  })

  it("round-trips a member's ended session, and never reads a visitor as ended", () => {
    const member = { ...tokens, role: 'member' as const }
    expect(decodeRecord(encodeRecord(member, 'client', 5, 6), 'client')).toEqual({
      kind: 'valid',
      tokens: member,
      ended: true,
    })
    expect(decodeRecord(encodeRecord(tokens, 'client', 5, 6), 'client')).toEqual({
      kind: 'valid',
      tokens,
      ended: false,
    })
  })

  it('reads nothing stored as empty', () => {
    expect(decodeRecord(undefined, 'client')).toEqual({ kind: 'empty' })
    expect(decodeRecord(null, 'client')).toEqual({ kind: 'empty' })
  })

  it.each([
    ['text', 'not json at all'],
    ['an array', []],
    ['a record of another client', encodeRecord(tokens, 'other-client', 5)],
    ['a record without tokens', { version: 1, clientId: 'client' }],
    ['an expiry before issue', encodeRecord({ ...tokens, expiresAt: 0 }, 'client', 5)],
    [
      'an unknown role',
      { ...encodeRecord(tokens, 'client', 5), tokens: { ...tokens, role: 'admin' } },
    ],
    ['a malformed end time', { ...encodeRecord(tokens, 'client', 5), endedAt: 'yesterday' }],
    [
      'a truncated access token field',
      { ...encodeRecord(tokens, 'client', 5), tokens: { ...tokens, accessToken: '' } },
    ],
  ])('discards %s as corrupt', (_name, value) => {
    expect(decodeRecord(value, 'client')).toMatchObject({
      kind: 'invalid',
      discard: true,
      warning: { code: 'corrupt_record' },
    })
  })

  it('discards an older version but leaves a newer one for the build that wrote it', () => {
    expect(
      decodeRecord({ ...encodeRecord(tokens, 'client', 5), version: 0 }, 'client'),
    ).toMatchObject({
      kind: 'invalid',
      discard: true,
      warning: { code: 'unknown_version' },
    })
    expect(
      decodeRecord({ ...encodeRecord(tokens, 'client', 5), version: 2 }, 'client'),
    ).toMatchObject({
      kind: 'invalid',
      discard: false,
      warning: { code: 'unknown_version' },
    })
  })

  it('rebuilds tokens field by field, so hostile keys neither survive nor pollute', () => {
    const hostile = JSON.parse(
      `{"version":1,"clientId":"client","tokens":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"sessionId":"a1b2","accessToken":"A","refreshToken":"R","issuedAt":1,"expiresAt":2,"role":"visitor","extra":"kept?"}}`,
    )
    const decoded = decodeRecord(hostile, 'client')
    expect(decoded).toEqual({
      kind: 'valid',
      tokens: {
        sessionId: 'a1b2',
        accessToken: 'A',
        refreshToken: 'R',
        issuedAt: 1,
        expiresAt: 2,
        role: 'visitor',
      },
      ended: false,
    })
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})
