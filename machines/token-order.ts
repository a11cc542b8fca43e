/**
 * Which of two token sets came later. Tabs that share no store learn of each other's
 * mints and refreshes only from announcements, and must tell a newer session from a stale
 * one without a clock they can trust: a clock set back between two refreshes would make
 * the newer tokens look older. So every token set carries a generation, counted like a
 * Lamport clock: a refresh is one more than the tokens it replaced, and a new visitor one
 * more than the highest generation its tab had seen (so a visitor minted after a sign-out
 * outranks the one signed out). Tokens the app imports (a member's, after a login) are
 * two more: a refresh still in flight in another tab reaches at most one more than what
 * this tab has seen, so it cannot tie with, let alone outrank, the login. The issue time
 * only breaks ties.
 */
import type { TokenSet } from './session.types'

/** The generation of `tokens`; 0 for tokens stored or announced before generations existed. */
export function generationOf(tokens: TokenSet): number {
  return tokens.generation ?? 0
}

/**
 * True when `candidate` came after `current`: a later generation, or the same generation
 * issued later.
 *
 * @example
 * ```ts
 * if (isLaterThan(announced, held)) adopt(announced)
 * ```
 */
export function isLaterThan(candidate: TokenSet, current: TokenSet): boolean {
  const [a, b] = [generationOf(candidate), generationOf(current)]
  return a !== b ? a > b : candidate.issuedAt > current.issuedAt
}
