/**
 * A short, stable name for a token, so people can tell two sessions (or two refreshes)
 * apart in an inspector or a devtools panel without ever seeing the token itself.
 */

/**
 * `fp_` and 8 hex digits: the 32-bit FNV-1a hash of `token`. Thirty-two bits of a long
 * random token cannot be turned back into it, and are enough to tell the handful of
 * tokens on one screen apart. Not a security primitive: never compare tokens by it.
 *
 * @example
 * ```ts
 * import { tokenFingerprint } from 'headless-session'
 *
 * const tokens = await session.getTokens()
 * console.log('serving', tokenFingerprint(tokens.accessToken)) // serving fp_5c2e91a0
 * ```
 */
export function tokenFingerprint(token: string): string {
  // ref: http://www.isthe.com/chongo/tech/comp/fnv/ (FNV-1a, 32-bit offset basis and prime)
  let hash = 0x811c9dc5
  for (let index = 0; index < token.length; index++) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193)
  }
  return `fp_${(hash >>> 0).toString(16).padStart(8, '0')}`
}
