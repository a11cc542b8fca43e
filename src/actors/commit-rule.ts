/** The compare-and-set rule of every write to the store. */
import type { CommitRequest, TokenSet } from '../../machines/session.types'
import { isLaterThan } from '../../machines/token-order'

/**
 * Compare-and-set: may `request.tokens` overwrite what the store holds now?
 * - A refresh commits only over the very refresh token it spent. Anything else means
 *   another tab refreshed, or the session was signed out (an empty store), meanwhile.
 * - A new visitor (or announced tokens kept in a store of the tab's own) commits over
 *   nothing, or over anything earlier (a signed-out session whose deletion failed); a
 *   later visitor minted meanwhile by another tab wins. Earlier and later go by
 *   generation (machines/token-order.ts), not by a clock that may have been set back.
 * - Imported tokens replace whatever is stored: the app said so.
 * - A member's session marked ended is never refreshed over: its refresh token was refused.
 *   Marking it ended (`ends`) writes the same tokens over themselves.
 */
export function mayReplace(
  current: TokenSet | null,
  ended: boolean,
  request: CommitRequest,
): boolean {
  if (request.force) return true
  if (request.replaces !== null) {
    return (!ended || request.ends === true) && current?.refreshToken === request.replaces
  }
  return current === null || isLaterThan(request.tokens, current)
}
