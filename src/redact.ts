/**
 * Keeps tokens out of errors, warnings and logs. Used wherever data that came from the
 * network or from storage is about to be kept in a place people read.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]'

/**
 * Anything shaped like a Wix token (`OauthNG.JWS.…`, `JWS.…`) or a JWT. A server may echo
 * a token in an error body; we scrub by shape as well as by the values we know we sent.
 */
const TOKEN_SHAPE = /\b(?:OauthNG\.)?JWS\.[\w.~+/=-]+|\beyJ[\w-]+\.[\w-]+\.[\w-]*/g

/** Replace every known secret and every token-shaped substring in `text`. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join(REDACTED)
  }
  return result.replace(TOKEN_SHAPE, REDACTED)
}

/**
 * A deep copy of JSON-like data with secrets scrubbed from every string. Keys that could
 * reach an object's prototype are dropped, and depth is bounded, because the input came
 * from a server we do not control.
 */
export function redactData(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return REDACTED
  if (Array.isArray(value))
    return value.slice(0, 50).map((item) => redactData(item, secrets, depth + 1))
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    copy[key] = redactData(item, secrets, depth + 1)
  }
  return copy
}
