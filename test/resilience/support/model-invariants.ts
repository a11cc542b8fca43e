/**
 * The promises the model runs check, by name: after every step (`TabWorld.check`) and at
 * the end of every run (`TabWorld.finish`). The member ones are kept by `member-ledger.ts`,
 * which counts how often each applied, so that a shard can fail if one never did.
 */

/** The member promises checked after every step, by the ledger's name for each. */
export const MEMBER_STEP_INVARIANTS = {
  mints:
    'no anonymous grant is sent while a member is logged in (from the login’s commit to a sign-out; with a store each, one made in a tab that had heard of the login), unless by a tab that had not heard of the login',
  demotions: 'a tab never goes from a member to a visitor without a sign-out in between',
  holders:
    'every running tab holds the logged-in member, or, once its refresh token was refused, fails with member_session_ended (with a store each: every tab that heard of the login)',
  refusals:
    'a refused member refresh token ends that session: its tab fails with member_session_ended, the shared store marks it ended, no tab sends it again',
} as const

/** The member promise checked at the end of every run that ends with a member logged in. */
export const MEMBER_END_INVARIANT =
  'at the end, every tab holds the last logged-in member, or, once Wix ended that session, fails with member_session_ended; without a member, one shared visitor'

/** What is checked after every step of a run (`check`), by name. */
export const STEP_INVARIANTS = [
  'no expired token is handed out (by the wall clock, and by the server)',
  'never two token requests in flight from one tab',
  'one refresh token is never sent twice at once',
  'every wait settles within its bound, with a token or a typed error',
  'a refresh() resolves once its tab’s tokens were renewed while it waited',
  'a stopped tab leaves no page listener and no open channel',
  'a hand-out while a refresh is due by the wall clock answers at once and starts it',
  'no token in any error or emitted event',
  'no visitor is minted without cause (no session is lost)',
  'no prototype is polluted',
  ...Object.values(MEMBER_STEP_INVARIANTS),
] as const

/** What is checked at the end of every run (`finish`), by name. */
export const END_INVARIANTS = [
  'once the faults end, every tab gets a valid token within the bound, or member_session_ended',
  MEMBER_END_INVARIANT,
  'after stop(): no timer, listener, open channel, request in flight or unsettled call',
] as const
