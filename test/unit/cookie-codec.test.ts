import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import {
  type CookieJar,
  decodeSessionCookies,
  encodeSessionCookies,
  MAX_COOKIE_CHUNKS,
  removeSessionCookies,
  sessionCookieNames,
  storedValue,
} from '../../src/storage/cookie-codec'
import {
  byteLength,
  type CookieAttributes,
  parseCookieHeader,
  serializeCookie,
} from '../../src/storage/cookie-header'
import { decodeRecord, encodeRecord } from '../../src/storage/record'
import type { SessionRecord } from '../../src/storage/store'
import { createTestCookieJar } from '../support/cookie-jar'

const NAME = 'headless-session'
const tokens = (length = 40, fields: Partial<TokenSet> = {}): TokenSet => ({
  sessionId: 'a1b2c3d4',
  accessToken: `OauthNG.JWS.${'a'.repeat(Math.max(0, length - 12))}`,
  refreshToken: `JWS.${'r'.repeat(Math.max(0, length - 4))}`,
  issuedAt: 1_000,
  expiresAt: 14_401_000,
  role: 'visitor',
  ...fields,
})
const recordOf = (length = 40, savedAt = 5, fields: Partial<TokenSet> = {}) =>
  encodeRecord(tokens(length, fields), 'client', savedAt)

/** The longest attributes a session cookie is written with. */
const LONG_ATTRIBUTES: CookieAttributes = {
  path: '/a/rather/long/path/for/a/shop',
  domain: 'shop.some-quite-long-domain-name.example.com',
  maxAge: 400 * 24 * 60 * 60,
  sameSite: 'strict',
  secure: true,
  httpOnly: true,
}

/** Apply a write to a jar the way a browser applies Set-Cookie headers. */
function applied(write: { headers: string[] }, jar = createTestCookieJar()) {
  for (const header of write.headers) jar.cookie = header
  return jar
}
const jarOf = (cookies: Record<string, string>) => new Map(Object.entries(cookies))
const reasonOf = (jar: CookieJar) => {
  const read = decodeSessionCookies(jar)
  return read.kind === 'corrupt' ? read.reason : `not corrupt: ${read.kind}`
}

describe('one cookie', () => {
  it('round-trips a record through one prefixed base64url cookie', () => {
    const record = recordOf()
    const write = encodeSessionCookies(record, new Map())
    expect(write.set).toHaveLength(1)
    expect(write.set[0]?.name).toBe(NAME)
    expect(write.set[0]?.value).toMatch(/^b64u\.[A-Za-z0-9_-]+$/)
    expect(write.remove).toEqual([])
    expect(decodeSessionCookies(applied(write).cookies)).toEqual({ kind: 'record', value: record })
  })

  it('reads the record back from a Cookie header among other cookies, under another name', () => {
    const record = recordOf()
    const write = encodeSessionCookies(record, new Map(), { name: 'shop' })
    const header = `theme=dark; ${write.set.map((c) => `${c.name}=${c.value}`).join('; ')}; x=1`
    expect(decodeSessionCookies(parseCookieHeader(header), 'shop')).toEqual({
      kind: 'record',
      value: record,
    })
    expect(decodeSessionCookies(parseCookieHeader(header))).toEqual({ kind: 'empty' })
  })

  it('keeps text outside ASCII intact (UTF-8 inside base64url)', () => {
    const record = { ...recordOf(), clientId: 'clïent-客户-🛒' } as SessionRecord
    const write = encodeSessionCookies(record, new Map())
    expect(decodeSessionCookies(applied(write).cookies)).toEqual({ kind: 'record', value: record })
  })

  it('reads nothing as empty, and ignores cookies that only look like chunks', () => {
    const others = jarOf({ a: '1', [`${NAME}.01`]: 'x', [`${NAME}.x`]: 'y', [`${NAME}.`]: 'z' })
    expect(decodeSessionCookies(others)).toEqual({ kind: 'empty' })
    expect(sessionCookieNames(others)).toEqual([])
  })
})

describe('chunks', () => {
  it('splits a record with 5,000-character tokens into chunks of at most 4,096 bytes, attributes included', () => {
    const record = recordOf(5_000)
    for (const attributes of [{}, LONG_ATTRIBUTES]) {
      const write = encodeSessionCookies(record, new Map(), { attributes })
      expect(write.set.map((cookie) => cookie.name)).toEqual(
        write.set.map((_, index) => `${NAME}.${index}`),
      )
      expect(write.set.length).toBeGreaterThan(2)
      for (const header of write.headers) expect(byteLength(header)).toBeLessThanOrEqual(4096)
      // Full chunks, not a cautious fraction of the limit.
      expect(byteLength(write.headers[0] as string)).toBeGreaterThan(4000)
      const jar = applied(write)
      expect(jar.cookies.size).toBe(write.set.length)
      expect(decodeSessionCookies(jar.cookies)).toEqual({ kind: 'record', value: record })
    }
    const sizes = encodeSessionCookies(record, new Map()).headers.map(byteLength)
    console.log(`5,000-character tokens: ${sizes.length} cookies of ${sizes.join(', ')} bytes`)
  })

  it('uses one cookie exactly while it fits and chunks from the first byte that does not', () => {
    let single = 0
    let split = 0
    // Around the threshold, one character of token at a time.
    for (let length = 1_330; length <= 1_420; length++) {
      const record = recordOf(length)
      const write = encodeSessionCookies(record, new Map(), { attributes: LONG_ATTRIBUTES })
      const joined = write.set.map((cookie) => cookie.value).join('')
      const asOne = byteLength(serializeCookie(NAME, joined, LONG_ATTRIBUTES))
      if (write.set.length === 1) single++
      else split++
      // One cookie exactly when one cookie fits.
      expect(write.set.length === 1).toBe(asOne <= 4096)
      for (const header of write.headers) expect(byteLength(header)).toBeLessThanOrEqual(4096)
      expect(decodeSessionCookies(applied(write).cookies)).toEqual({
        kind: 'record',
        value: record,
      })
    }
    expect(single).toBeGreaterThan(0)
    expect(split).toBeGreaterThan(0)
  })

  it('writing one cookie over chunks removes every chunk', () => {
    const jar = applied(encodeSessionCookies(recordOf(5_000), new Map()))
    const chunkNames = [...jar.cookies.keys()]
    const small = recordOf(40, 6)
    const write = encodeSessionCookies(small, jar.cookies)
    expect(write.remove).toEqual(chunkNames)
    applied(write, jar)
    expect([...jar.cookies.keys()]).toEqual([NAME])
    expect(decodeSessionCookies(jar.cookies)).toEqual({ kind: 'record', value: small })
  })

  it('writing chunks over one cookie removes it, and fewer chunks remove the stale ones', () => {
    const jar = applied(encodeSessionCookies(recordOf(40), new Map()))
    const big = recordOf(8_000, 6)
    const bigWrite = encodeSessionCookies(big, jar.cookies)
    expect(bigWrite.remove).toEqual([NAME])
    applied(bigWrite, jar)
    const bigCount = bigWrite.set.length
    expect([...jar.cookies.keys()]).toEqual(bigWrite.set.map((cookie) => cookie.name))

    const medium = recordOf(3_000, 7)
    const mediumWrite = encodeSessionCookies(medium, jar.cookies)
    const mediumCount = mediumWrite.set.length
    expect(mediumCount).toBeGreaterThan(1)
    expect(mediumWrite.remove).toEqual(
      Array.from({ length: bigCount - mediumCount }, (_, i) => `${NAME}.${mediumCount + i}`),
    )
    applied(mediumWrite, jar)
    expect(jar.cookies.size).toBe(mediumCount)
    expect(decodeSessionCookies(jar.cookies)).toEqual({ kind: 'record', value: medium })
  })

  it('writes new cookies before deleting stale ones, so a reader in between never sees nothing', () => {
    const jar = applied(encodeSessionCookies(recordOf(5_000), new Map()))
    const write = encodeSessionCookies(recordOf(40, 9), jar.cookies)
    expect(write.headers[0]).toMatch(/^headless-session=b64u\./)
    expect(write.headers.slice(1).every((header) => header.includes('Max-Age=0'))).toBe(true)
  })

  it('forgetting the record removes the single cookie and every chunk, stale ones included', () => {
    const jar = applied(encodeSessionCookies(recordOf(5_000), new Map()))
    jar.plant(NAME, 'stale')
    jar.plant(`${NAME}.15`, 'stale')
    jar.plant('other', 'kept')
    const write = removeSessionCookies(jar.cookies, { attributes: { path: '/' } })
    expect(write.headers.every((header) => / Max-Age=0;/.test(header))).toBe(true)
    applied(write, jar)
    expect([...jar.cookies.keys()]).toEqual(['other'])
  })

  it('refuses, with a RangeError that quotes no token, a record that needs more than the chunk limit', () => {
    const record = recordOf(40_000)
    expect(() => encodeSessionCookies(record, new Map())).toThrow(RangeError)
    try {
      encodeSessionCookies(record, new Map())
    } catch (error) {
      expect(String(error)).not.toContain('aaaa')
      expect(String(error)).toContain(String(MAX_COOKIE_CHUNKS))
    }
  })
})

describe('two forms at once (a clean-up that did not reach a cookie)', () => {
  const single = (record: SessionRecord) =>
    encodeSessionCookies(record, new Map()).set[0]?.value as string
  const chunksOf = (record: SessionRecord) =>
    Object.fromEntries(
      encodeSessionCookies(record, new Map()).set.map((cookie) => [cookie.name, cookie.value]),
    )

  it('reads the later of two readable records, by savedAt', () => {
    const older = recordOf(40, 100)
    const newer = recordOf(5_000, 200)
    expect(decodeSessionCookies(jarOf({ [NAME]: single(older), ...chunksOf(newer) }))).toEqual({
      kind: 'record',
      value: newer,
    })
    const newerSingle = recordOf(40, 300)
    expect(
      decodeSessionCookies(jarOf({ [NAME]: single(newerSingle), ...chunksOf(newer) })),
    ).toEqual({ kind: 'record', value: newerSingle })
  })

  it('reads the readable one when the other is damaged', () => {
    const record = recordOf(5_000, 100)
    expect(decodeSessionCookies(jarOf({ [NAME]: 'junk', ...chunksOf(record) }))).toEqual({
      kind: 'record',
      value: record,
    })
    const small = recordOf(40, 50)
    expect(decodeSessionCookies(jarOf({ [NAME]: single(small), [`${NAME}.0`]: 'junk' }))).toEqual({
      kind: 'record',
      value: small,
    })
  })
})

describe('hostile cookies are reported as corrupt, never thrown', () => {
  const b64 = (text: string) =>
    btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  const valid = encodeSessionCookies(recordOf(5_000), new Map()).set
  const validChunks = Object.fromEntries(valid.map((cookie) => [cookie.name, cookie.value]))
  // The same size and shape, another write: only the tokens' letters differ.
  const otherChunks = Object.fromEntries(
    encodeSessionCookies(
      recordOf(5_000, 5, { refreshToken: `JWS.${'s'.repeat(4_996)}` }),
      new Map(),
    ).set.map((cookie) => [cookie.name, cookie.value]),
  )

  it.each([
    ['a value of another format', { [NAME]: 'eyJhbGciOi.not-ours' }, 'encoding is unknown'],
    ['garbage after the prefix', { [NAME]: 'b64u.***' }, 'not base64url'],
    ['base64url of impossible length', { [NAME]: 'b64u.abcde' }, 'not base64url'],
    ['bytes that are not UTF-8', { [NAME]: `b64u.${b64('\xff\xfe{}')}` }, 'not UTF-8'],
    ['text that is not JSON', { [NAME]: `b64u.${b64('{"version":1,')}` }, 'not JSON'],
    ['JSON that is an array', { [NAME]: `b64u.${b64('[1,2]')}` }, 'not a record object'],
    ['JSON null', { [NAME]: `b64u.${b64('null')}` }, 'not a record object'],
    ['a JSON string', { [NAME]: `b64u.${b64('"x"')}` }, 'not a record object'],
    ['one cookie longer than a browser keeps', { [NAME]: `b64u.${'A'.repeat(5_000)}` }, 'longer'],
    [
      'a missing middle chunk',
      Object.fromEntries(Object.entries(validChunks).filter(([name]) => name !== `${NAME}.1`)),
      'chunk 1 of',
    ],
    ['chunks that do not start at 0', { [`${NAME}.1`]: '2.0123abcd.e30' }, 'chunk 0 is missing'],
    ['only a chunk numbered in the millions', { [`${NAME}.9999999`]: 'x' }, 'chunk 0 is missing'],
    ['only a chunk numbered at the limit', { [`${NAME}.${MAX_COOKIE_CHUNKS}`]: 'x' }, 'chunk 0'],
    ['a chunk without its header', { [`${NAME}.0`]: 'b64u.e30', [`${NAME}.1`]: 'e30' }, 'header'],
    ['a chunk count of 999', { [`${NAME}.0`]: '999.0123abcd.b64u.' }, 'count, 999, makes no sense'],
    ['a chunk count of 1', { [`${NAME}.0`]: '1.0123abcd.b64u.e30' }, 'count, 1, makes no sense'],
    [
      'a chunk longer than a cookie',
      { [`${NAME}.0`]: '2.0123abcd.b64u.', [`${NAME}.1`]: `2.0123abcd.${'A'.repeat(4_097)}` },
      'longer than a cookie',
    ],
    [
      'chunks swapped',
      {
        ...validChunks,
        [`${NAME}.0`]: validChunks[`${NAME}.1`] ?? '',
        [`${NAME}.1`]: validChunks[`${NAME}.0`] ?? '',
      },
      'digest',
    ],
    [
      'a chunk changed in place',
      { ...validChunks, [`${NAME}.2`]: `${validChunks[`${NAME}.2`]?.slice(0, -1)}A` },
      'digest',
    ],
    [
      'chunks of two writes mixed',
      { ...validChunks, [`${NAME}.0`]: otherChunks[`${NAME}.0`] ?? '' },
      'different writes',
    ],
  ])('%s', (_name, cookies, reason) => {
    expect(reasonOf(jarOf(cookies))).toContain(reason)
    expect(reasonOf(cookies)).toContain(reason)
  })

  it('every chunk slot filled with a full cookie of junk is read within bounds and reported', () => {
    const header = `${MAX_COOKIE_CHUNKS}.0123abcd.`
    const cookies = Object.fromEntries(
      Array.from({ length: MAX_COOKIE_CHUNKS }, (_, i) => [
        `${NAME}.${i}`,
        `${header}${'A'.repeat(4_096 - header.length)}`,
      ]),
    )
    expect(reasonOf(cookies)).toContain('digest')
  })

  it('ignores chunks past the count chunk 0 gives, and chunks numbered past the limit', () => {
    const record = recordOf(5_000)
    const cookies = {
      ...Object.fromEntries(
        encodeSessionCookies(record, new Map()).set.map((cookie) => [cookie.name, cookie.value]),
      ),
      [`${NAME}.4`]: 'stale',
      [`${NAME}.${MAX_COOKIE_CHUNKS}`]: 'junk',
      [`${NAME}.9999999999`]: 'junk',
    }
    expect(decodeSessionCookies(cookies)).toEqual({ kind: 'record', value: record })
    // They are still the session's, so the next write removes them.
    expect(encodeSessionCookies(record, cookies).remove).toEqual([
      `${NAME}.4`,
      `${NAME}.${MAX_COOKIE_CHUNKS}`,
      `${NAME}.9999999999`,
    ])
  })

  it('does not take a name whose value is undefined in a plain object for a cookie', () => {
    expect(decodeSessionCookies({ [NAME]: undefined, [`${NAME}.1`]: undefined })).toEqual({
      kind: 'empty',
    })
    expect(sessionCookieNames({ [NAME]: undefined })).toEqual([])
  })

  it('does not take prototype members of a plain object for cookies', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(decodeSessionCookies({}, name)).toEqual({ kind: 'empty' })
    }
    const jar = JSON.parse('{"__proto__": "b64u.e30", "constructor": "junk"}') as Record<
      string,
      string
    >
    expect(decodeSessionCookies(jar, '__proto__')).toEqual({ kind: 'record', value: {} })
    expect(reasonOf(parseCookieHeader('constructor=junk'))).toBe('not corrupt: empty')
  })

  it('a record carrying __proto__ keys pollutes nothing and is then rebuilt field by field', () => {
    const text = `{"__proto__":{"polluted":true},${JSON.stringify(recordOf()).slice(1)}`
    const bytes = new TextEncoder().encode(text)
    const value = `b64u.${b64(String.fromCharCode(...bytes))}`
    const read = decodeSessionCookies(jarOf({ [NAME]: value }))
    expect(read.kind).toBe('record')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(decodeRecord(storedValue(read), 'client')).toEqual({
      kind: 'valid',
      tokens: tokens(),
      ended: false,
    })
  })

  it('with duplicated names in a header, the first decides', () => {
    const good = encodeSessionCookies(recordOf(), new Map()).set[0]?.value
    expect(decodeSessionCookies(parseCookieHeader(`${NAME}=${good}; ${NAME}=junk`)).kind).toBe(
      'record',
    )
    expect(reasonOf(parseCookieHeader(`${NAME}=junk; ${NAME}=${good}`))).toContain('encoding')
  })

  it('every corrupt read becomes a corrupt_record warning, quoting no cookie', () => {
    const read = decodeSessionCookies(jarOf({ [NAME]: 'b64u.SECRETSECRET!' }))
    const decoded = decodeRecord(storedValue(read), 'client')
    expect(decoded).toMatchObject({
      kind: 'invalid',
      discard: true,
      warning: { code: 'corrupt_record' },
    })
    expect(JSON.stringify(decoded)).not.toContain('SECRET')
    expect(storedValue({ kind: 'empty' })).toBeUndefined()
  })

  it('never throws on any map of names to values', () => {
    const names = fc.oneof(
      fc.constantFrom(NAME, `${NAME}.0`, `${NAME}.1`, `${NAME}.2`, `${NAME}.15`, `${NAME}.16`),
      fc.string({ maxLength: 20 }),
    )
    const values = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((text) => `b64u.${text}`),
      fc.constantFrom(...valid.map((cookie) => cookie.value)),
    )
    fc.assert(
      fc.property(fc.dictionary(names, values, { maxKeys: 8 }), (cookies) => {
        const read = decodeSessionCookies(cookies)
        expect(['empty', 'record', 'corrupt']).toContain(read.kind)
        expect(['empty', 'valid', 'invalid']).toContain(
          decodeRecord(storedValue(read), 'client').kind,
        )
      }),
      { numRuns: 500 },
    )
  })
})
