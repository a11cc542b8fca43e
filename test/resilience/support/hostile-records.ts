/**
 * Stored records that are not what the session wrote: damaged, truncated, tampered with,
 * from another client or another build, or built to pollute prototypes. Each is given as
 * the JSON text a store would hold, so the same list serves the memory store (parsed),
 * the file store (written as text) and IndexedDB (parsed in the page).
 */

const now = Date.now()
const tokens = {
  sessionId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  accessToken: 'OauthNG.JWS.stored-access',
  refreshToken: 'JWS.stored-refresh',
  issuedAt: now,
  expiresAt: now + 4 * 60 * 60 * 1000,
  role: 'visitor',
}
const record = (fields: Record<string, unknown>) =>
  JSON.stringify({ version: 1, clientId: 'mock-client-id', savedAt: now, tokens, ...fields })
const withTokens = (fields: Record<string, unknown>) => record({ tokens: { ...tokens, ...fields } })

export interface HostileRecord {
  name: string
  /** The text in the store (JSON, except where the point is that it is not). */
  text: string
  /** What the session reports when it reads it at start. */
  warning: 'corrupt_record' | 'unknown_version'
}

export const HOSTILE_RECORDS: HostileRecord[] = [
  { name: 'JSON cut off mid-token', text: record({}).slice(0, 80), warning: 'corrupt_record' },
  { name: 'an empty string', text: '""', warning: 'corrupt_record' },
  { name: 'a number', text: '42', warning: 'corrupt_record' },
  { name: 'an array', text: JSON.stringify([tokens]), warning: 'corrupt_record' },
  {
    name: 'a record without tokens',
    text: record({ tokens: undefined }),
    warning: 'corrupt_record',
  },
  {
    name: 'tokens missing the refresh token',
    text: withTokens({ refreshToken: undefined }),
    warning: 'corrupt_record',
  },
  {
    name: 'an access token of the wrong type',
    text: withTokens({ accessToken: 42 }),
    warning: 'corrupt_record',
  },
  {
    name: 'an expiry given as a string',
    text: withTokens({ expiresAt: '2099-01-01' }),
    warning: 'corrupt_record',
  },
  {
    name: 'an expiry before the issue',
    text: withTokens({ expiresAt: now - 1 }),
    warning: 'corrupt_record',
  },
  { name: 'an unknown role', text: withTokens({ role: 'admin' }), warning: 'corrupt_record' },
  {
    name: 'an access token of 100 KiB',
    text: withTokens({ accessToken: `OauthNG.JWS.${'x'.repeat(100 * 1024)}` }),
    warning: 'corrupt_record',
  },
  {
    name: 'another client’s record',
    text: record({ clientId: 'someone-else' }),
    warning: 'corrupt_record',
  },
  { name: 'a version from the past', text: record({ version: 0 }), warning: 'unknown_version' },
  {
    name: 'a version given as a string',
    text: record({ version: '1' }),
    warning: 'unknown_version',
  },
  {
    name: '__proto__ and constructor keys in place of tokens',
    text: `{"version":1,"clientId":"mock-client-id","tokens":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}},"__proto__":{"polluted":true}}`,
    warning: 'corrupt_record',
  },
]

/** A valid record of `tokens`, wrapped in prototype keys at every level: it is used as is. */
export function protoKeyedRecord(tokens: object): string {
  const pollute = '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}'
  return `{${pollute},"version":1,"clientId":"mock-client-id","savedAt":${Date.now()},"tokens":{${pollute},${JSON.stringify(tokens).slice(1)}}`
}

/** True when anything put `polluted` on a prototype every object shares. */
export function prototypesPolluted(): boolean {
  return (
    Object.hasOwn(Object.prototype, 'polluted') ||
    Object.hasOwn(Array.prototype, 'polluted') ||
    Object.hasOwn(Function.prototype, 'polluted')
  )
}
