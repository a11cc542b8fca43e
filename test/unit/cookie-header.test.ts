import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expiredCookie, parseCookieHeader, serializeCookie } from '../../src/storage/cookie-header'

describe('reading a Cookie header', () => {
  it('reads name=value pairs separated by semicolons, trimming spaces', () => {
    expect([...parseCookieHeader('a=1; b=two;c = 3 ;  d=')]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', '3'],
      ['d', ''],
    ])
  })

  it('skips junk: pairs without = or without a name, empty parts', () => {
    expect([...parseCookieHeader(';; junk ; =orphan; a=1; ;b')]).toEqual([['a', '1']])
  })

  it('keeps everything after the first = as the value', () => {
    expect(parseCookieHeader('a=b=c==').get('a')).toBe('b=c==')
  })

  it('keeps the first of duplicated names (the one with the longest path)', () => {
    expect(parseCookieHeader('a=first; a=second').get('a')).toBe('first')
  })

  it('removes surrounding double quotes and decodes percent-encoding written by others', () => {
    const cookies = parseCookieHeader('q="quoted"; p=caf%C3%A9%3B; bad=%E0%A4%A; lone="')
    expect(cookies.get('q')).toBe('quoted')
    expect(cookies.get('p')).toBe('café;')
    expect(cookies.get('bad')).toBe('%E0%A4%A')
    expect(cookies.get('lone')).toBe('"')
  })

  it('treats __proto__ and constructor as ordinary names', () => {
    const cookies = parseCookieHeader('__proto__=x; constructor=y')
    expect(cookies.get('__proto__')).toBe('x')
    expect(cookies.get('constructor')).toBe('y')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('reads nothing from a missing header', () => {
    expect(parseCookieHeader(undefined).size).toBe(0)
    expect(parseCookieHeader(null).size).toBe(0)
    expect(parseCookieHeader('').size).toBe(0)
  })

  it('never throws, whatever the header holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        for (const [name] of parseCookieHeader(header)) expect(name).not.toBe('')
      }),
    )
  })
})

describe('writing a Set-Cookie value', () => {
  it('defaults to Path=/ and SameSite=Lax, with no expiry, Secure or HttpOnly', () => {
    expect(serializeCookie('a', 'b')).toBe('a=b; Path=/; SameSite=Lax')
  })

  it('writes every attribute it is given', () => {
    expect(
      serializeCookie('a', 'b', {
        path: '/shop',
        domain: 'example.com',
        maxAge: 60.9,
        sameSite: 'strict',
        secure: true,
        httpOnly: true,
      }),
    ).toBe('a=b; Path=/shop; Domain=example.com; Max-Age=60; SameSite=Strict; Secure; HttpOnly')
  })

  it('always marks a SameSite=None cookie Secure, since browsers drop it otherwise', () => {
    expect(serializeCookie('a', 'b', { sameSite: 'none' })).toBe(
      'a=b; Path=/; SameSite=None; Secure',
    )
  })

  it('deletes with Max-Age=0 and the same path and domain', () => {
    expect(expiredCookie('a', { path: '/x', domain: 'example.com', maxAge: 99 })).toBe(
      'a=; Path=/x; Domain=example.com; Max-Age=0; SameSite=Lax',
    )
  })

  it.each([
    ['a name with a space', () => serializeCookie('a b', 'v')],
    ['a name with =', () => serializeCookie('a=b', 'v')],
    ['an empty name', () => serializeCookie('', 'v')],
    ['a value with ;', () => serializeCookie('a', 'v; Domain=evil.example')],
    ['a value with a space', () => serializeCookie('a', 'v w')],
    ['a path with ;', () => serializeCookie('a', 'v', { path: '/; Secure' })],
    ['a domain with a space', () => serializeCookie('a', 'v', { domain: 'exa mple.com' })],
    ['a negative maxAge', () => serializeCookie('a', 'v', { maxAge: -1 })],
    ['a maxAge that is not a number', () => serializeCookie('a', 'v', { maxAge: Number.NaN })],
    [
      'an unknown sameSite',
      () => serializeCookie('a', 'v', { sameSite: 'sometimes' as unknown as 'lax' }),
    ],
    [
      "sameSite 'none' without secure",
      () => serializeCookie('a', 'v', { sameSite: 'none', secure: false }),
    ],
  ])('refuses %s with a TypeError', (_name, write) => {
    expect(write).toThrow(TypeError)
  })
})
