/**
 * PKCE (RFC 7636) and the OAuth `state`: random values drawn without bias from
 * `crypto.getRandomValues`, and the S256 challenge. Web Crypto only, so this runs in
 * browsers, workers, Node and edge runtimes alike.
 * ref: https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */

/** The characters RFC 7636 allows in a code verifier (its "unreserved" set). */
const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'

/**
 * Verifier length: RFC 7636 allows 43 to 128 characters; 64 from a 66-letter alphabet is
 * over 380 bits.
 */
export const VERIFIER_LENGTH = 64

/**
 * `length` characters of `alphabet`, each equally likely. A byte is used only when it falls
 * below the largest multiple of the alphabet's size (rejection sampling): `byte % 66` alone
 * would make the first 58 characters likelier than the rest.
 */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length)
  let result = ''
  while (result.length < length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2))
    for (const byte of bytes) {
      if (byte < limit) result += alphabet[byte % alphabet.length]
      if (result.length === length) break
    }
  }
  return result
}

/** base64url without padding. */
export function base64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A new code verifier. */
export function codeVerifier(): string {
  return randomString(VERIFIER_LENGTH, VERIFIER_ALPHABET)
}

/** The S256 challenge of `verifier`: base64url of the SHA-256 of its ASCII bytes. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  )
  return base64Url(new Uint8Array(digest))
}

/** A new `state`: 32 random bytes, base64url (43 characters). */
export function loginState(): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)))
}

/** Compares two strings in time that depends only on their lengths. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let index = 0; index < a.length; index += 1) {
    difference |= a.charCodeAt(index) ^ b.charCodeAt(index)
  }
  return difference === 0
}
