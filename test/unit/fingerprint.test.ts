import { describe, expect, it } from 'vitest'
import { tokenFingerprint } from '../../src/fingerprint'

describe('tokenFingerprint', () => {
  it('is the 32-bit FNV-1a hash in hex, prefixed', () => {
    // Published FNV-1a 32-bit test vectors: "" → 811c9dc5, "a" → e40c292c, "foobar" → bf9cf968.
    expect(tokenFingerprint('')).toBe('fp_811c9dc5')
    expect(tokenFingerprint('a')).toBe('fp_e40c292c')
    expect(tokenFingerprint('foobar')).toBe('fp_bf9cf968')
  })

  it('tells a thousand similar tokens apart, always in the same short form', () => {
    const tokens = Array.from({ length: 1000 }, (_, index) => `OauthNG.JWS.token-${index}`)
    const prints = new Set(tokens.map(tokenFingerprint))
    expect(prints.size).toBe(tokens.length)
    for (const print of prints) expect(print).toMatch(/^fp_[0-9a-f]{8}$/)
  })
})
