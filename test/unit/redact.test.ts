import { describe, expect, it } from 'vitest'
import { REDACTED, redactData, redactText } from '../../src/redact'

describe('redactText', () => {
  it('removes known secrets and anything shaped like a Wix token or a JWT', () => {
    const text = 'sent opaque-secret, got OauthNG.JWS.abc.def and JWS.xyz, jwt eyJhbGc.eyJzdWIi.sig'
    const result = redactText(text, ['opaque-secret'])
    expect(result).toBe(`sent ${REDACTED}, got ${REDACTED} and ${REDACTED}, jwt ${REDACTED}`)
  })
})

describe('redactData', () => {
  it('scrubs every string, drops prototype keys and bounds depth', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "a": {"b": ["JWS.token"]}, "constructor": 1}',
    )
    let deep: Record<string, unknown> = { leaf: 'JWS.deep' }
    for (let level = 0; level < 20; level += 1) deep = { deep }
    const result = redactData({ ...hostile, deep }) as Record<string, unknown>
    expect(result).toEqual({ a: { b: [REDACTED] }, deep: expect.anything() })
    expect(JSON.stringify(result)).not.toContain('JWS.deep')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
