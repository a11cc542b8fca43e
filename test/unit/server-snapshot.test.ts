/**
 * What a server renders with: `snapshotOfTokens()` keeps the three fields a page shows and
 * nothing else (never a token), refuses malformed tokens without quoting them, and
 * `IDLE_SNAPSHOT` is one frozen object that no request can write into.
 */
import { describe, expect, it } from 'vitest'
import { IDLE_SNAPSHOT, isSessionError, snapshotOfTokens, type TokenSet } from '../../src/index'

const tokens: TokenSet = {
  sessionId: 'session-1',
  accessToken: 'OauthNG.JWS.secret-access',
  refreshToken: 'JWS.secret-refresh',
  issuedAt: 1_000,
  expiresAt: 14_401_000,
  role: 'member',
}

describe('snapshotOfTokens', () => {
  it('is the snapshot of a running session holding the tokens, with no token in it', () => {
    const snapshot = snapshotOfTokens(tokens)
    expect(snapshot).toEqual({
      state: 'active',
      detail: 'active',
      running: true,
      sessionId: 'session-1',
      role: 'member',
      expiresAt: 14_401_000,
      error: null,
      online: true,
    })
    expect(JSON.stringify(snapshot)).not.toMatch(/secret/)
  })

  it('gives IDLE_SNAPSHOT for no tokens', () => {
    expect(snapshotOfTokens(null)).toBe(IDLE_SNAPSHOT)
    expect(snapshotOfTokens(undefined)).toBe(IDLE_SNAPSHOT)
  })

  it.each([
    ['no sessionId', { ...tokens, sessionId: '' }],
    ['an unknown role', { ...tokens, role: 'admin' }],
    ['expiresAt in words', { ...tokens, expiresAt: 'soon' }],
    ['an infinite expiresAt', { ...tokens, expiresAt: Number.POSITIVE_INFINITY }],
  ])('refuses tokens with %s: invalid_tokens, and the message quotes no value', (_, bad) => {
    let thrown: unknown
    try {
      snapshotOfTokens(bad as TokenSet)
    } catch (error) {
      thrown = error
    }
    expect(isSessionError(thrown, 'invalid_tokens')).toBe(true)
    expect((thrown as Error).message).not.toMatch(/secret|admin|soon/)
  })

  it('IDLE_SNAPSHOT is frozen: writing into it changes nothing', () => {
    expect(Object.isFrozen(IDLE_SNAPSHOT)).toBe(true)
    expect(() => {
      ;(IDLE_SNAPSHOT as { role: string | null }).role = 'member'
    }).toThrow(TypeError)
    expect(IDLE_SNAPSHOT).toMatchObject({ state: 'idle', running: false, role: null })
  })
})
