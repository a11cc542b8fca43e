/**
 * Which of two token sets came later. Tabs that share no store learn of each other's
 * mints and refreshes only from announcements, and must tell a newer session from a stale
 * one without a clock they can trust: a clock set back between two refreshes would make
 * the newer tokens look older. So every token set carries a generation, counted like a
 * Lamport clock in two parts, one number: the session's birth in the high part (a multiple
 * of `SESSION_STEP`) and its refreshes in the low part.
 *
 * - A refresh is one more than the tokens it replaced: it outranks them, never a later
 *   session, however many refreshes it follows (a visitor refreshed for hours in a tab that
 *   never heard of a login stays older than the member).
 * - A new visitor is born one step above the highest generation its tab had seen, so a
 *   visitor minted after a sign-out outranks the session signed out.
 * - Tokens the app imports (a member's, after a login) are born `LOGIN_STEPS` (1,000)
 *   steps above. Another tab that had seen as much and mints meanwhile reaches one step; a
 *   tab that never heard of the login (a store of its own, stopped through it) may have
 *   minted a few visitors in a row, each one step up, whose announcements reach this tab
 *   later. None of them outranks the login: a member is left for a visitor only by a
 *   visitor minted after the member was seen (a sign-out), which is born above the login.
 *
 * The issue time only breaks ties.
 */
import type { TokenSet } from './session.types'

/** Refreshes a session can count before its generation reaches the next birth (2^24). */
export const SESSION_STEP = 2 ** 24

/** How many births a login skips (see above); generations stay safe integers for 2^19 logins. */
export const LOGIN_STEPS = 1000

/**
 * The generation of a session born `steps` births after the highest generation seen.
 *
 * @example
 * ```ts
 * bornAfter(0) // 16777216: the first visitor
 * bornAfter(generationOf(held), LOGIN_STEPS) // a login, above visitors minted unaware of it
 * ```
 */
export function bornAfter(seen: number, steps = 1): number {
  return (Math.floor(seen / SESSION_STEP) + steps) * SESSION_STEP
}

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
