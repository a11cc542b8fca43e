/**
 * The state chart on its own: every state and transition, with every effect replaced by
 * one the test controls (see test/support/machine-harness.ts) and fake timers standing in
 * for the wall clock. The last test fails if any transition of the chart went untested.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sessionMachine } from '../../machines/session.machine'
import {
  createHarness,
  failure,
  type HarnessOptions,
  HOUR,
  MARGIN,
  MINUTE,
  PEER_REPLY_WINDOW,
  tokensAt,
} from '../support/machine-harness'
import { allTransitions } from '../support/transition-coverage'

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)
const taken = new Set<string>()
const harness = (options: HarnessOptions = {}) => createHarness({ taken, ...options })

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
})

/** A harness that has minted `tokens` and is `active`. */
async function activeWith(tokens = tokensAt(Date.now()), options: HarnessOptions = {}) {
  const h = harness({ stored: tokens, ...options })
  await h.start()
  expect(h.state()).toBe('active')
  return h
}

describe('idle', () => {
  it('ignores sign-outs and other tabs until START, then restores', async () => {
    const h = harness()
    h.actor.start()
    h.actor.send({ type: 'SIGN_OUT' })
    h.actor.send({ type: 'SYNC.SESSION', tokens: tokensAt(Date.now()) })
    h.actor.send({ type: 'SYNC.SIGNED_OUT', sessionId: 'visitor-1' })
    h.actor.send({ type: 'IMPORT', tokens: tokensAt(Date.now()) })
    await h.settle()
    expect(h.state()).toBe('idle')
    expect(h.store.commits).toHaveLength(0)
    expect(h.store.loads).toBe(0)
    expect(h.context().tokens).toBeNull()

    h.actor.send({ type: 'START' })
    expect(h.state()).toBe('restoring.reading')
  })
})

describe('restoring', () => {
  it('restores a stored fresh session without any token request', async () => {
    const stored = tokensAt(Date.now())
    const h = await activeWith(stored)
    expect(h.requests).toHaveLength(0)
    expect(h.context().tokens).toEqual(stored)
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'restored' }),
    )
  })

  it('refreshes a restored session that is already inside the margin', async () => {
    const stored = tokensAt(Date.now() - 4 * HOUR + 2 * MINUTE)
    const h = harness({ stored })
    await h.start()
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.pending().input).toEqual({ grant: 'refresh_token', tokens: stored })
  })

  it('refreshes an expired stored session for the same visitor instead of minting a new one', async () => {
    const stored = tokensAt(Date.now() - 5 * HOUR)
    const h = harness({ stored })
    await h.start()
    expect(h.pending().input.grant).toBe('refresh_token')
    await h.respond({ ...tokensAt(Date.now()), sessionId: stored.sessionId })
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe(stored.sessionId)
  })

  it('mints a visitor when nothing is stored, commits it and announces it', async () => {
    const h = harness()
    await h.start()
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
    const minted = tokensAt(Date.now(), 4 * HOUR, 'visitor-new')
    await h.respond(minted)
    expect(h.state()).toBe('active')
    expect(h.store.tokens).toEqual(minted)
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SESSION', tokens: minted })
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'minted' }),
    )
    expect(h.lockCommands.at(-1)).toEqual({ type: 'RELEASE' })
  })

  it("reports the store's warnings and goes on to mint", async () => {
    const warning = { code: 'corrupt_record' as const, message: 'the stored session is malformed' }
    const h = harness({ loadWarnings: [warning] })
    await h.start()
    expect(h.emitted).toContainEqual({ type: 'warning', warning })
    expect(h.state()).toBe('anonymous.requesting')
  })

  it('mints when the store itself throws, rather than failing to start', async () => {
    const h = harness({ failLoad: true })
    await h.start()
    expect(h.state()).toBe('anonymous.requesting')
  })
})

describe('a member whose session ended', () => {
  const member = (sessionId = 'member-1') => ({
    ...tokensAt(Date.now(), 4 * HOUR, sessionId),
    role: 'member' as const,
  })

  it('stays ended after a reload: no request, and the app is told again', async () => {
    const h = harness({ stored: member(), storedEnded: true })
    await h.start()
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.requests).toHaveLength(0)
    expect(h.emitted).toContainEqual(expect.objectContaining({ type: 'memberSessionEnded' }))
  })

  it('with a store of its own, asks the other tabs after a reload, and joins a visitor minted after a sign-out', async () => {
    const h = harness({ stored: member(), storedEnded: true, perTabStore: true })
    await h.start()
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.announcements).toContainEqual({ type: 'ASK_PEERS' })
    // The visitor a tab that never heard of the member holds is refused ...
    const older = { ...tokensAt(Date.now(), 4 * HOUR, 'visitor-older'), generation: 0 }
    await h.send({ type: 'SYNC.SESSION', tokens: older })
    expect(h.state()).toBe('failed')
    // ... the one minted after another tab signed the ended member out is taken.
    const after = h.context().generation + 1
    const minted = { ...tokensAt(Date.now(), 4 * HOUR, 'visitor-after'), generation: after }
    await h.send({ type: 'SYNC.SESSION', tokens: minted })
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-after')
    expect(h.requests).toHaveLength(0)
  })

  it('ends in a tab that waited for the lock while another tab was refused', async () => {
    const held = member()
    const h = await activeWith(held, { lock: 'manual' })
    await h.advance(4 * HOUR - MARGIN)
    expect(h.state()).toBe('expiring.awaitingLeadership')
    h.store.ended = true
    await h.grantLock()
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.requests).toHaveLength(0)
  })

  it('ends when another tab says so, and only for the member it holds', async () => {
    const h = await activeWith(member('member-1'))
    await h.send({ type: 'SYNC.MEMBER_ENDED', sessionId: 'someone-else' })
    expect(h.state()).toBe('active')
    await h.send({ type: 'SYNC.MEMBER_ENDED', sessionId: 'member-1' })
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.requests).toHaveLength(0)
  })

  it('ends the member even when the store cannot record it', async () => {
    const h = await activeWith(member(), { failEnd: true })
    await h.send({ type: 'REFRESH' })
    await h.fail(failure('invalid_grant', false))
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.announcements).toContainEqual({
      type: 'ANNOUNCE_MEMBER_ENDED',
      sessionId: 'member-1',
    })
  })

  it('ignores an ending announced before it started', async () => {
    const h = harness()
    h.actor.start()
    await h.send({ type: 'SYNC.MEMBER_ENDED', sessionId: 'member-1' })
    expect(h.state()).toBe('idle')
  })

  it('does not mint in place of an ended member it finds while about to mint', async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    h.store.tokens = member()
    h.store.ended = true
    await h.grantLock()
    expect(h.state()).toBe('failed')
    expect(h.requests).toHaveLength(0)
  })
})

describe('anonymous', () => {
  it('waits for the leadership before minting', async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    expect(h.requests).toHaveLength(0)
    await h.grantLock()
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.requests).toHaveLength(1)
  })

  it("reports the store's warnings found when it checks again before minting", async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    const warning = { code: 'storage_fallback' as const, message: 'the store failed' }
    h.store.warnings = [warning]
    await h.grantLock()
    expect(h.emitted).toContainEqual({ type: 'warning', warning })
    expect(h.state()).toBe('anonymous.requesting')
  })

  it('adopts the visitor another tab minted while this tab waited for the lock', async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    const theirs = tokensAt(Date.now(), 4 * HOUR, 'visitor-theirs')
    h.store.tokens = theirs
    await h.grantLock()
    expect(h.state()).toBe('active')
    expect(h.requests).toHaveLength(0)
    expect(h.context().tokens).toEqual(theirs)
  })

  it("adopts another tab's announced visitor while waiting, with no request", async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    const theirs = tokensAt(Date.now(), 4 * HOUR, 'visitor-theirs')
    await h.send({ type: 'SYNC.SESSION', tokens: theirs })
    expect(h.state()).toBe('active')
    expect(h.requests).toHaveLength(0)
    expect(h.lockCommands.at(-1)).toEqual({ type: 'RELEASE' })
  })

  it('retries a transient failure after a jittered backoff and then succeeds', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('network', true))
    expect(h.state()).toBe('anonymous.backingOff.waiting')
    expect(h.lockCommands.at(-1)).toEqual({ type: 'RELEASE' })
    expect(h.announcements).toContainEqual({
      type: 'ANNOUNCE_BACKOFF',
      until: Date.now() + 750,
      attempt: 1,
    })
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'tokenRequestFailed', willRetry: true, attempt: 1 }),
    )
    await h.advance(749)
    expect(h.requests).toHaveLength(1)
    await h.advance(1)
    expect(h.requests).toHaveLength(2)
    await h.respond(tokensAt(Date.now()))
    expect(h.state()).toBe('active')
    expect(h.context().attempt).toBe(0)
  })

  it('gives up after maxAttempts transient failures, with the last error', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('network', true))
    await h.advance(1000)
    await h.fail(failure('timeout', true))
    await h.advance(2000)
    await h.fail(failure('http', true))
    expect(h.state()).toBe('failed')
    expect(h.requests).toHaveLength(3)
    expect(h.context().error?.code).toBe('http')
    expect(h.emitted.at(-1)).toEqual(
      expect.objectContaining({ type: 'tokenRequestFailed', willRetry: false, attempt: 3 }),
    )
  })

  it('fails at once on a permanent error such as a bad client ID, after one request', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('invalid_client', false))
    expect(h.state()).toBe('failed')
    await h.advance(10 * MINUTE)
    expect(h.requests).toHaveLength(1)
  })

  it('waits out a Retry-After longer than its own backoff', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('rate_limited', true, 5000))
    await h.advance(4999)
    expect(h.requests).toHaveLength(1)
    await h.advance(1)
    expect(h.requests).toHaveLength(2)
  })

  it('pauses retries while offline and resumes when the network returns', async () => {
    const h = harness()
    await h.start()
    await h.send({ type: 'OFFLINE' })
    await h.fail(failure('network', true))
    await h.advance(10 * MINUTE)
    expect(h.state()).toBe('anonymous.backingOff.paused')
    expect(h.requests).toHaveLength(1)
    await h.send({ type: 'ONLINE' })
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.context().online).toBe(true)
  })

  it('honours its backoff even when the network returns during it', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('rate_limited', true, 5000))
    await h.send({ type: 'OFFLINE' })
    await h.send({ type: 'ONLINE' })
    await h.advance(4999)
    expect(h.requests).toHaveLength(1)
    await h.advance(1)
    expect(h.requests).toHaveLength(2)
  })

  it('does not stretch its backoff when the wall clock is set back during it', async () => {
    const h = harness()
    await h.start()
    await h.fail(failure('network', true))
    h.jump(-2 * HOUR)
    await h.advance(750)
    expect(h.requests).toHaveLength(2)
    // The next failure backs off as usual, from the clock as it now reads.
    await h.fail(failure('network', true))
    await h.advance(1499)
    expect(h.requests).toHaveLength(2)
    await h.advance(1)
    expect(h.requests).toHaveLength(3)
  })

  it("holds back while another tab's backoff runs", async () => {
    const h = harness()
    h.actor.start()
    h.actor.send({ type: 'SYNC.BACKOFF', until: Date.now() + 3000, attempt: 1 })
    h.actor.send({ type: 'START' })
    await h.settle()
    expect(h.state()).toBe('anonymous.backingOff.waiting')
    await h.advance(2999)
    expect(h.requests).toHaveLength(0)
    await h.advance(1)
    expect(h.requests).toHaveLength(1)
  })

  it("trusts another tab's backoff for at most one minute", async () => {
    const h = harness()
    h.actor.start()
    h.actor.send({ type: 'SYNC.BACKOFF', until: Date.now() + 365 * 24 * HOUR, attempt: 1 })
    h.actor.send({ type: 'START' })
    await h.settle()
    await h.advance(MINUTE - 1)
    expect(h.requests).toHaveLength(0)
    await h.advance(1)
    expect(h.requests).toHaveLength(1)
  })

  it("counts another tab's failures against one retry budget for the whole browser", async () => {
    const h = harness()
    h.actor.start()
    h.actor.send({ type: 'SYNC.BACKOFF', until: Date.now() + 1000, attempt: 2 })
    h.actor.send({ type: 'START' })
    await h.advance(1000)
    await h.fail(failure('network', true))
    // Two failures elsewhere and one here spend the budget of three attempts.
    expect(h.state()).toBe('failed')
    expect(h.requests).toHaveLength(1)
  })

  it('abandons its mint when another tab takes the lock, and claims it again', async () => {
    const h = harness()
    await h.start()
    const claimsBefore = h.lockCommands.filter((command) => command.type === 'CLAIM').length
    await h.loseLock()
    expect(h.lockCommands.filter((command) => command.type === 'CLAIM').length).toBe(
      claimsBefore + 1,
    )
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.requests).toHaveLength(2)
  })

  it('adopts the newer visitor when its own commit was superseded', async () => {
    const h = harness()
    await h.start()
    const mine = tokensAt(Date.now(), 4 * HOUR, 'visitor-mine')
    const theirs = tokensAt(Date.now() + 1, 4 * HOUR, 'visitor-theirs')
    h.store.tokens = theirs
    await h.respond(mine)
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(theirs)
    expect(h.announcements.filter((command) => command.type === 'ANNOUNCE_SESSION')).toHaveLength(0)
  })

  it('starts over when its commit was superseded by an empty store', async () => {
    const h = harness({
      commitResult: () => ({ outcome: 'superseded', tokens: null, warnings: [] }),
    })
    await h.start()
    await h.respond(tokensAt(Date.now()))
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.requests).toHaveLength(2)
  })

  it('fails with the error when the commit itself throws', async () => {
    const h = harness({ failCommit: true })
    await h.start()
    await h.respond(tokensAt(Date.now()))
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('unexpected')
  })
})

describe('sign-out', () => {
  it('forgets the stored session, tells the other tabs and mints a new visitor', async () => {
    const old = tokensAt(Date.now(), 4 * HOUR, 'visitor-old')
    const h = await activeWith(old)
    await h.send({ type: 'SIGN_OUT' })
    expect(h.emitted).toContainEqual({
      type: 'signedOut',
      sessionId: 'visitor-old',
      origin: 'this-tab',
    })
    expect(h.store.clears).toBe(1)
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SIGN_OUT', sessionId: 'visitor-old' })
    expect(h.state()).toBe('anonymous.requesting')
    await h.respond(tokensAt(Date.now(), 4 * HOUR, 'visitor-next'))
    expect(h.context().tokens?.sessionId).toBe('visitor-next')
  })

  it('adopts a visitor another tab already minted instead of minting again', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-old'), { lock: 'manual' })
    await h.send({ type: 'SIGN_OUT' })
    h.store.tokens = tokensAt(Date.now(), 4 * HOUR, 'visitor-next')
    await h.grantLock()
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-next')
    expect(h.store.clears).toBe(0)
    expect(h.requests).toHaveLength(0)
  })

  it('finishes a sign-out a stop() interrupted when it starts again: forgets, announces, mints', async () => {
    const h = harness({
      stored: tokensAt(Date.now(), 4 * HOUR, 'member-1'),
      seen: { generation: 3, left: ['member-1'], discarding: { sessionId: 'member-1' } },
    })
    h.actor.start()
    h.actor.send({ type: 'START' })
    await h.settle()
    expect(h.emitted.some((event) => event.type === 'tokensChanged')).toBe(false)
    expect(h.store.tokens).toBeNull()
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SIGN_OUT', sessionId: 'member-1' })
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 3 })
  })

  it('forgets whatever is stored when signing out before the restore finished', async () => {
    const h = harness({ stored: tokensAt(Date.now(), 4 * HOUR, 'visitor-old') })
    h.actor.start()
    h.actor.send({ type: 'START' })
    h.actor.send({ type: 'SIGN_OUT' })
    await h.settle()
    expect(h.store.clears).toBe(1)
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
  })

  it('signed out while holding nothing, forgets nothing: it joins a login another tab committed since', async () => {
    const h = harness({ lock: 'manual' })
    await h.start()
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    await h.send({ type: 'SIGN_OUT' })
    expect(h.context().discarding).toEqual({ sessionId: null })
    const member = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    h.store.tokens = member
    await h.grantLock()
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(member)
    expect(h.store.tokens).toEqual(member)
    expect(h.requests).toHaveLength(0)
  })

  it('goes on to mint when the store cannot be cleared', async () => {
    const h = await activeWith(tokensAt(Date.now()), { failClear: true })
    await h.send({ type: 'SIGN_OUT' })
    expect(h.state()).toBe('anonymous.requesting')
  })

  it('drops the session when another tab signs it out, and waits for the new visitor', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-old'), { lock: 'manual' })
    await h.send({ type: 'SYNC.SIGNED_OUT', sessionId: 'visitor-old' })
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    expect(h.context().tokens).toBeNull()
    expect(h.emitted).toContainEqual({
      type: 'signedOut',
      sessionId: 'visitor-old',
      origin: 'other-tab',
    })
    await h.send({ type: 'SYNC.SESSION', tokens: tokensAt(Date.now(), 4 * HOUR, 'visitor-next') })
    expect(h.state()).toBe('active')
    expect(h.requests).toHaveLength(0)
  })

  it('never goes back to a session it left: an earlier login a tab that has not caught up announces', async () => {
    const first = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    const h = await activeWith(first, { lock: 'manual' })
    const second = { ...tokensAt(Date.now(), 4 * HOUR, 'member-2'), role: 'member' as const }
    await h.send({ type: 'IMPORT', tokens: second })
    expect(h.context().tokens?.sessionId).toBe('member-2')
    await h.send({ type: 'SIGN_OUT' })
    expect(h.context().left).toEqual(['member-2', 'member-1'])
    const refreshedElsewhere = {
      ...tokensAt(Date.now() + 1, 4 * HOUR, 'member-1'),
      role: 'member' as const,
    }
    await h.send({ type: 'SYNC.SESSION', tokens: refreshedElsewhere })
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    expect(h.context().tokens).toBeNull()
    // A session it never held is taken as before.
    await h.send({
      type: 'SYNC.SESSION',
      tokens: tokensAt(Date.now() + 2, 4 * HOUR, 'visitor-next'),
    })
    expect(h.state()).toBe('active')
    expect(h.context().left).toEqual(['member-2', 'member-1'])
  })

  it('ignores the refreshed tokens of the session it is signing out (a refresh that raced it)', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-old'), { lock: 'manual' })
    await h.send({ type: 'SIGN_OUT' })
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    const refreshedElsewhere = tokensAt(Date.now() + 1, 4 * HOUR, 'visitor-old')
    await h.send({ type: 'SYNC.SESSION', tokens: refreshedElsewhere })
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    expect(h.context().tokens).toBeNull()
    // Another visitor, minted by a tab that heard of the sign-out, ends the sign-out.
    await h.send({
      type: 'SYNC.SESSION',
      tokens: tokensAt(Date.now() + 2, 4 * HOUR, 'visitor-next'),
    })
    expect(h.state()).toBe('active')
    expect(h.context().discarding).toBeNull()
    expect(h.requests).toHaveLength(0)
  })

  it('mints the next visitor one generation above the highest it has seen', async () => {
    const old = { ...tokensAt(Date.now(), 4 * HOUR, 'visitor-old'), generation: 7 }
    const h = await activeWith(old)
    await h.send({ type: 'SIGN_OUT' })
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 7 })
  })

  it("ignores another tab's sign-out of a different session", async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-mine'))
    await h.send({ type: 'SYNC.SIGNED_OUT', sessionId: 'visitor-other' })
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-mine')
  })
})

describe('active', () => {
  it('refreshes when the token enters the refresh margin', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    await h.advance(4 * HOUR - MARGIN - 1)
    expect(h.state()).toBe('active')
    await h.advance(1)
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.pending().input.grant).toBe('refresh_token')
  })

  it('refreshes a token shorter-lived than the margin at half its life, not in a loop', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * MINUTE))
    for (let minute = 0; minute < 10; minute += 2) {
      await h.advance(2 * MINUTE)
      await h.respond(tokensAt(Date.now(), 4 * MINUTE))
    }
    expect(h.requests).toHaveLength(5)
    expect(h.state()).toBe('active')
  })

  it('re-arms a wait of days in steps of at most one day', async () => {
    const h = await activeWith(tokensAt(Date.now(), 72 * HOUR))
    await h.advance(24 * HOUR)
    expect(h.state()).toBe('active')
    await h.advance(48 * HOUR - MARGIN)
    expect(h.state()).toBe('refreshing.requesting')
  })

  it('notices an expiry its timer missed when the clock jumped during a sleep', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    h.jump(5 * HOUR)
    expect(h.state()).toBe('active')
    await h.send({ type: 'CHECK', reason: 'visibilitychange' })
    expect(h.state()).toBe('refreshing.requesting')
  })

  it('changes nothing on a CHECK while the token is fresh', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    await h.send({ type: 'CHECK', reason: 'caller' })
    expect(h.state()).toBe('active')
    expect(h.requests).toHaveLength(0)
  })

  it('refreshes on REFRESH before the token is due, and announces the result', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    await h.send({ type: 'REFRESH' })
    const refreshed = { ...tokensAt(Date.now()), sessionId: 'visitor-1' }
    await h.respond(refreshed)
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(refreshed)
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SESSION', tokens: refreshed })
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'refreshed' }),
    )
  })
})

describe('expiring', () => {
  async function expiringWith(options: HarnessOptions = {}) {
    const held = tokensAt(Date.now())
    const h = await activeWith(held, { lock: 'manual', ...options })
    await h.advance(4 * HOUR - MARGIN)
    expect(h.state()).toBe('expiring.awaitingLeadership')
    return { h, held }
  }

  it('serves the still-valid token while it waits for the leadership', async () => {
    const { h, held } = await expiringWith()
    expect(h.context().tokens).toEqual(held)
    expect(h.requests).toHaveLength(0)
  })

  it('adopts tokens another tab refreshed while this tab waited, without a request', async () => {
    const { h, held } = await expiringWith()
    const refreshedElsewhere = { ...tokensAt(Date.now()), sessionId: held.sessionId }
    h.store.tokens = refreshedElsewhere
    await h.grantLock()
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(refreshedElsewhere)
    expect(h.requests).toHaveLength(0)
  })

  it("adopts another tab's announcement while waiting for the lock", async () => {
    const { h, held } = await expiringWith()
    await h.send({
      type: 'SYNC.SESSION',
      tokens: { ...tokensAt(Date.now()), sessionId: held.sessionId },
    })
    expect(h.state()).toBe('active')
    expect(h.lockCommands.at(-1)).toEqual({ type: 'RELEASE' })
  })

  it('takes a later announcement even when its access token has expired, and refreshes that', async () => {
    const { h, held } = await expiringWith()
    const later = { ...tokensAt(held.issuedAt + 1, 1000), sessionId: held.sessionId }
    h.store.tokens = later
    await h.send({ type: 'SYNC.SESSION', tokens: later })
    expect(h.context().tokens).toEqual(later)
    expect(h.state()).toBe('expiring.awaitingLeadership')
    await h.grantLock()
    expect(h.pending().input).toEqual({ grant: 'refresh_token', tokens: later })
  })

  it('orders by generation, not by a clock that was set back between two refreshes', async () => {
    const { h, held } = await expiringWith()
    const later = { ...tokensAt(held.issuedAt - HOUR), sessionId: held.sessionId, generation: 4 }
    const earlier = { ...tokensAt(held.issuedAt + HOUR), sessionId: held.sessionId, generation: 2 }
    // Held tokens without a generation count as 0: both outrank them, by generation.
    await h.send({ type: 'SYNC.SESSION', tokens: later })
    expect(h.context().tokens).toEqual(later)
    expect(h.context().generation).toBe(4)
    await h.send({ type: 'SYNC.SESSION', tokens: earlier })
    expect(h.context().tokens).toEqual(later)
  })

  it('ignores announcements issued before the tokens it holds', async () => {
    const { h, held } = await expiringWith()
    await h.send({ type: 'SYNC.SESSION', tokens: tokensAt(held.issuedAt - 1) })
    await h.send({ type: 'SYNC.SESSION', tokens: tokensAt(Date.now() - 5 * HOUR, 4 * HOUR) })
    expect(h.state()).toBe('expiring.awaitingLeadership')
    expect(h.context().tokens).toEqual(held)
  })

  it("reports the store's warnings found when it checks again under the lock", async () => {
    const { h } = await expiringWith()
    const warning = { code: 'corrupt_record' as const, message: 'the stored session is malformed' }
    h.store.warnings = [warning]
    await h.grantLock()
    expect(h.emitted).toContainEqual({ type: 'warning', warning })
    expect(h.state()).toBe('refreshing.requesting')
  })

  it('treats an emptied store as a sign-out in another tab', async () => {
    const { h, held } = await expiringWith()
    h.store.tokens = null
    await h.grantLock()
    expect(h.emitted).toContainEqual({
      type: 'signedOut',
      sessionId: held.sessionId,
      origin: 'other-tab',
    })
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
  })

  it('refreshes when the store cannot be read', async () => {
    const { h } = await expiringWith()
    h.store.unreadable = true
    await h.grantLock()
    expect(h.state()).toBe('refreshing.requesting')
  })

  it('refreshes when reading the store throws', async () => {
    const { h } = await expiringWith()
    h.store.failLoad = true
    await h.grantLock()
    expect(h.state()).toBe('refreshing.requesting')
  })

  it("holds back while another tab's backoff runs, then claims the lock again", async () => {
    const h = await activeWith(tokensAt(Date.now()))
    await h.advance(4 * HOUR - MARGIN - 1000)
    await h.send({ type: 'SYNC.BACKOFF', until: Date.now() + 3000, attempt: 1 })
    await h.advance(1000)
    expect(h.state()).toBe('expiring.backingOff.waiting')
    await h.advance(1999)
    expect(h.requests).toHaveLength(0)
    await h.advance(1)
    expect(h.state()).toBe('refreshing.requesting')
  })

  it('pauses its retries while offline and resumes online', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    await h.advance(4 * HOUR - MARGIN)
    await h.send({ type: 'OFFLINE' })
    await h.fail(failure('network', true))
    expect(h.state()).toBe('expiring.backingOff.waiting')
    await h.advance(MINUTE)
    expect(h.state()).toBe('expiring.backingOff.paused')
    await h.send({ type: 'ONLINE' })
    expect(h.state()).toBe('refreshing.requesting')
  })
})

describe('refreshing', () => {
  async function refreshingWith(held = tokensAt(Date.now()), options: HarnessOptions = {}) {
    const h = await activeWith(held, options)
    await h.advance(4 * HOUR - MARGIN)
    expect(h.state()).toBe('refreshing.requesting')
    return h
  }

  it('commits only over the refresh token it spent, else adopts what the store holds', async () => {
    const held = tokensAt(Date.now())
    const h = await refreshingWith(held)
    const theirs = { ...tokensAt(Date.now()), sessionId: held.sessionId }
    h.store.tokens = theirs
    await h.respond({ ...tokensAt(Date.now()), sessionId: held.sessionId })
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(theirs)
    expect(h.store.tokens).toEqual(theirs)
    expect(h.announcements.filter((command) => command.type === 'ANNOUNCE_SESSION')).toHaveLength(0)
  })

  it('ends in a new visitor when the store was emptied (signed out) during the refresh', async () => {
    const h = await refreshingWith()
    h.store.tokens = null
    await h.respond(tokensAt(Date.now()))
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'signedOut', origin: 'other-tab' }),
    )
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
  })

  it('keeps serving the valid token while a failed refresh backs off', async () => {
    const held = tokensAt(Date.now())
    const h = await refreshingWith(held)
    await h.fail(failure('http', true))
    expect(h.state()).toBe('expiring.backingOff.waiting')
    expect(h.context().tokens).toEqual(held)
    expect(h.emitted.at(-1)).toEqual(
      expect.objectContaining({ type: 'tokenRequestFailed', willRetry: true }),
    )
  })

  it('keeps retrying past maxAttempts while the held token is still valid', async () => {
    const h = await refreshingWith()
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await h.fail(failure('network', true))
      await h.advance(8000)
    }
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.requests).toHaveLength(6)
  })

  it('fails once the held token has expired and the retries are spent', async () => {
    const h = await refreshingWith()
    h.jump(MARGIN)
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(h.state()).toBe('refreshing.requesting')
      await h.fail(failure('network', true))
      await h.advance(8000)
    }
    expect(h.state()).toBe('failed')
    expect(h.requests).toHaveLength(3)
  })

  it('replaces a visitor whose refresh token was rejected, forgets it everywhere and says so', async () => {
    const held = tokensAt(Date.now(), 4 * HOUR, 'visitor-rejected')
    const h = await refreshingWith(held)
    await h.fail(failure('invalid_grant', false))
    expect(h.emitted).toContainEqual({
      type: 'visitorReplaced',
      previousSessionId: 'visitor-rejected',
      reason: 'invalid_grant',
    })
    expect(h.store.clears).toBe(1)
    expect(h.announcements).toContainEqual({
      type: 'ANNOUNCE_SIGN_OUT',
      sessionId: 'visitor-rejected',
    })
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
    await h.respond(tokensAt(Date.now(), 4 * HOUR, 'visitor-new'))
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-new')
  })

  it('ends a member whose refresh token was rejected instead of demoting them to a visitor', async () => {
    const member = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    const h = await refreshingWith(member)
    await h.fail(failure('invalid_grant', false))
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.context().tokens).toBeNull()
    expect(h.store.ended).toBe(true)
    expect(h.emitted).toContainEqual({
      type: 'memberSessionEnded',
      sessionId: 'member-1',
      reason: 'invalid_grant',
    })
    expect(h.announcements).toContainEqual({
      type: 'ANNOUNCE_MEMBER_ENDED',
      sessionId: 'member-1',
    })
    expect(h.requests.filter((request) => request.input.grant === 'anonymous')).toHaveLength(0)
    expect(h.emitted.filter((event) => event.type === 'visitorReplaced')).toHaveLength(0)
    expect(h.lockCommands.at(-1)).toEqual({ type: 'RELEASE' })
  })

  it('keeps an ended member ended through retry() and refresh(), sending nothing', async () => {
    const member = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    const h = await refreshingWith(member)
    await h.fail(failure('invalid_grant', false))
    const sent = h.requests.length
    await h.send({ type: 'RETRY' })
    await h.send({ type: 'REFRESH' })
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    expect(h.requests).toHaveLength(sent)
  })

  it('becomes one new visitor once the app signs the ended member out', async () => {
    const member = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    const h = await refreshingWith(member)
    await h.fail(failure('invalid_grant', false))
    await h.send({ type: 'SIGN_OUT' })
    // It holds nothing, and signs out of the member it held: gone from the store, and
    // from any tab that has not heard of the ending.
    expect(h.store.clears).toBe(1)
    expect(h.store.tokens).toBeNull()
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SIGN_OUT', sessionId: 'member-1' })
    expect(h.pending().input.grant).toBe('anonymous')
    await h.respond(tokensAt(Date.now(), 4 * HOUR, 'visitor-new'))
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.role).toBe('visitor')
  })

  it('takes a new login from another tab after the member ended', async () => {
    const member = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    const h = await refreshingWith(member)
    await h.fail(failure('invalid_grant', false))
    const again = { ...tokensAt(Date.now() + 1, 4 * HOUR, 'member-2'), role: 'member' as const }
    await h.send({ type: 'SYNC.SESSION', tokens: again })
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('member-2')
  })

  it('takes no visitor of a tab that never heard of the ended member, only one minted after a sign-out', async () => {
    const member = {
      ...tokensAt(Date.now(), 4 * HOUR, 'member-1'),
      role: 'member' as const,
      generation: 3,
    }
    const h = await refreshingWith(member)
    await h.fail(failure('invalid_grant', false))
    // A tab with a store of its own, stopped while the member logged in, still holds the
    // visitor from before the login.
    const unaware = { ...tokensAt(Date.now() + 1, 4 * HOUR, 'visitor-before'), generation: 3 }
    await h.send({ type: 'SYNC.SESSION', tokens: unaware })
    expect(h.state()).toBe('failed')
    expect(h.context().error?.code).toBe('member_session_ended')
    // A visitor minted after the ended member was signed out in another tab is later.
    const after = { ...tokensAt(Date.now() + 2, 4 * HOUR, 'visitor-after'), generation: 4 }
    await h.send({ type: 'SYNC.SESSION', tokens: after })
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-after')
  })

  it('fails on a permanent refresh error', async () => {
    const h = await refreshingWith()
    await h.fail(failure('http', false))
    expect(h.state()).toBe('failed')
  })

  it('gives its request up when another tab takes the lock, and waits again', async () => {
    const h = await refreshingWith()
    await h.loseLock()
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.requests).toHaveLength(2)
    expect(h.lockCommands.filter((command) => command.type === 'CLAIM')).toHaveLength(2)
  })

  it("adopts another tab's newer tokens mid-refresh and ignores its own late answer", async () => {
    const held = tokensAt(Date.now())
    const h = await refreshingWith(held)
    const theirs = { ...tokensAt(Date.now() + 1), sessionId: held.sessionId }
    await h.send({ type: 'SYNC.SESSION', tokens: theirs })
    expect(h.state()).toBe('active')
    await h.respond(tokensAt(Date.now()))
    expect(h.context().tokens).toEqual(theirs)
    expect(h.store.commits).toHaveLength(0)
  })

  it('fails with the error when the commit itself throws', async () => {
    const h = await refreshingWith(tokensAt(Date.now()), { failCommit: true })
    await h.respond(tokensAt(Date.now()))
    expect(h.state()).toBe('failed')
  })
})

describe('importing', () => {
  it('stores tokens the app hands over, announces them to the other tabs and says so', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-old'))
    const imported = { ...tokensAt(Date.now(), 4 * HOUR, 'member-1'), role: 'member' as const }
    await h.send({ type: 'IMPORT', tokens: imported })
    expect(h.state()).toBe('active')
    expect(h.store.tokens).toEqual(imported)
    expect(h.store.commits.at(-1)).toEqual({ tokens: imported, replaces: null, force: true })
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SESSION', tokens: imported })
    expect(h.emitted).toContainEqual(
      expect.objectContaining({ type: 'tokensChanged', reason: 'imported', role: 'member' }),
    )
  })

  it('replaces a mint in flight, whose late answer is then ignored', async () => {
    const h = harness()
    await h.start()
    const imported = tokensAt(Date.now(), 4 * HOUR, 'imported')
    await h.send({ type: 'IMPORT', tokens: imported })
    await h.respond(tokensAt(Date.now(), 4 * HOUR, 'minted-too-late'))
    expect(h.context().tokens).toEqual(imported)
    expect(h.store.tokens).toEqual(imported)
  })

  it('refreshes imported tokens whose access token already expired', async () => {
    const h = await activeWith(tokensAt(Date.now()))
    const stale = { ...tokensAt(Date.now() - 5 * HOUR, 4 * HOUR, 'stale') }
    await h.send({ type: 'IMPORT', tokens: stale })
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.pending().input).toEqual({ grant: 'refresh_token', tokens: stale })
  })

  it('fails with the error when storing imported tokens throws', async () => {
    const h = await activeWith(tokensAt(Date.now()), { failCommit: true })
    await h.send({ type: 'IMPORT', tokens: tokensAt(Date.now(), 4 * HOUR, 'imported') })
    expect(h.state()).toBe('failed')
  })
})

describe('failed', () => {
  async function failedWith(code: string, retryable: boolean) {
    const h = harness()
    await h.start()
    await h.fail(failure(code, retryable))
    if (retryable) {
      await h.advance(1000)
      await h.fail(failure(code, retryable))
      await h.advance(2000)
      await h.fail(failure(code, retryable))
    }
    expect(h.state()).toBe('failed')
    return h
  }

  it('starts over from the stored session on RETRY', async () => {
    const h = await failedWith('invalid_client', false)
    await h.send({ type: 'RETRY' })
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.context().error).toBeNull()
    expect(h.context().attempt).toBe(0)
  })

  it('starts over on REFRESH', async () => {
    const h = await failedWith('invalid_client', false)
    await h.send({ type: 'REFRESH' })
    expect(h.state()).toBe('anonymous.requesting')
  })

  it('leaves a transient failure when the network returns, but not a permanent one', async () => {
    const permanent = await failedWith('invalid_client', false)
    await permanent.send({ type: 'ONLINE' })
    expect(permanent.state()).toBe('failed')

    const transient = await failedWith('network', true)
    await transient.send({ type: 'ONLINE' })
    expect(transient.state()).toBe('anonymous.requesting')
  })

  it('is rescued by tokens from another tab', async () => {
    const h = await failedWith('invalid_client', false)
    await h.send({ type: 'SYNC.SESSION', tokens: tokensAt(Date.now()) })
    expect(h.state()).toBe('active')
  })
})

describe('a store of its own (tabs tied by the channel alone)', () => {
  const perTab = (options: HarnessOptions = {}) => harness({ perTabStore: true, ...options })

  it('asks the other tabs before minting, and joins the visitor one of them announces', async () => {
    const h = perTab()
    await h.start()
    expect(h.state()).toBe('anonymous.askingPeers')
    expect(h.announcements).toContainEqual({ type: 'ASK_PEERS' })
    const theirs = tokensAt(Date.now(), 4 * HOUR, 'visitor-theirs')
    await h.send({ type: 'SYNC.SESSION', tokens: theirs })
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(theirs)
    expect(h.requests).toHaveLength(0)
    await h.advance(PEER_REPLY_WINDOW)
    expect(h.requests).toHaveLength(0)
  })

  it('joins a visitor announced with an expired access token, and refreshes it', async () => {
    const h = perTab()
    await h.start()
    const stale = tokensAt(Date.now() - 5 * HOUR, 4 * HOUR, 'visitor-theirs')
    // The tab-sync actor keeps what it passes on in a store of the tab's own.
    h.store.tokens = stale
    await h.send({ type: 'SYNC.SESSION', tokens: stale })
    expect(h.context().tokens).toEqual(stale)
    // Under the lock, it asks again whether another tab refreshed it meanwhile.
    expect(h.state()).toBe('expiring.askingPeers')
    await h.advance(PEER_REPLY_WINDOW)
    expect(h.pending().input).toEqual({ grant: 'refresh_token', tokens: stale })
  })

  it('mints when no tab answers within the reply window', async () => {
    const h = perTab()
    await h.start()
    await h.advance(PEER_REPLY_WINDOW - 1)
    expect(h.requests).toHaveLength(0)
    await h.advance(1)
    expect(h.state()).toBe('anonymous.requesting')
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
  })

  it('never asks when its store is shared, or when it has no channel', async () => {
    const shared = harness({ peerReplyWindow: PEER_REPLY_WINDOW })
    await shared.start()
    expect(shared.state()).toBe('anonymous.requesting')
    const alone = harness({ perTabStore: true, peerReplyWindow: 0 })
    await alone.start()
    expect(alone.state()).toBe('anonymous.requesting')
    expect([...shared.announcements, ...alone.announcements]).not.toContainEqual({
      type: 'ASK_PEERS',
    })
  })

  it('claims the lock again when it is taken away while asking', async () => {
    const h = perTab()
    await h.start()
    await h.loseLock()
    expect(h.state()).toBe('anonymous.askingPeers')
    expect(h.lockCommands.filter((c) => c.type === 'CLAIM').length).toBeGreaterThan(1)
  })

  it('after a sign-out, asks, ignores the old visitor, and mints a new one', async () => {
    const h = await activeWith(tokensAt(Date.now(), 4 * HOUR, 'visitor-old'), {
      perTabStore: true,
    })
    // Restoring from a store of its own, it told the others what it holds and asked
    // whether one of them is ahead.
    expect(h.announcements.map((command) => command.type)).toEqual([
      'ANNOUNCE_SESSION',
      'ASK_PEERS',
    ])
    await h.send({ type: 'SIGN_OUT' })
    expect(h.state()).toBe('anonymous.askingPeers')
    expect(h.announcements).toContainEqual({ type: 'ANNOUNCE_SIGN_OUT', sessionId: 'visitor-old' })
    // A tab that has not heard of the sign-out yet answers with the old visitor.
    await h.send({
      type: 'SYNC.SESSION',
      tokens: tokensAt(Date.now() + 1, 4 * HOUR, 'visitor-old'),
    })
    expect(h.state()).toBe('anonymous.askingPeers')
    await h.advance(PEER_REPLY_WINDOW)
    expect(h.pending().input).toEqual({ grant: 'anonymous', after: 0 })
    // A tab stopped through the sign-out starts again and announces the old visitor while
    // this one mints: it stays signed out until the new visitor is held.
    expect(h.context().discarding).toEqual({ sessionId: 'visitor-old' })
    await h.send({
      type: 'SYNC.SESSION',
      tokens: tokensAt(Date.now() + 2, 4 * HOUR, 'visitor-old'),
    })
    expect(h.state()).toBe('anonymous.requesting')
    await h.respond(tokensAt(Date.now(), 4 * HOUR, 'visitor-new'))
    expect(h.state()).toBe('active')
    expect(h.context().tokens?.sessionId).toBe('visitor-new')
    expect(h.context().discarding).toBeNull()
  })

  it('before refreshing, asks whether another tab refreshed already, and takes its tokens', async () => {
    const held = tokensAt(Date.now())
    const h = await activeWith(held, { perTabStore: true })
    await h.advance(4 * HOUR - MARGIN)
    expect(h.state()).toBe('expiring.askingPeers')
    const newer = { ...tokensAt(Date.now()), sessionId: held.sessionId }
    await h.send({ type: 'SYNC.SESSION', tokens: newer })
    expect(h.state()).toBe('active')
    expect(h.context().tokens).toEqual(newer)
    expect(h.requests).toHaveLength(0)
  })

  it('refreshes after the reply window when no tab is ahead, and claims again if the lock is lost', async () => {
    const held = tokensAt(Date.now())
    const h = await activeWith(held, { perTabStore: true })
    await h.advance(4 * HOUR - MARGIN)
    await h.loseLock()
    expect(h.state()).toBe('expiring.askingPeers')
    // The same tokens again (another tab answering with what it adopted) change nothing.
    await h.send({ type: 'SYNC.SESSION', tokens: held })
    await h.advance(PEER_REPLY_WINDOW)
    expect(h.state()).toBe('refreshing.requesting')
    expect(h.pending().input).toEqual({ grant: 'refresh_token', tokens: held })
  })
})

describe('answering other tabs', () => {
  it('announces the session it holds when another tab asks', async () => {
    const held = tokensAt(Date.now())
    const h = await activeWith(held)
    await h.send({ type: 'SYNC.ASKED' })
    expect(h.announcements).toEqual([{ type: 'ANNOUNCE_SESSION', tokens: held }])
    expect(h.state()).toBe('active')
  })

  it('stays silent when it holds nothing, and before START', async () => {
    const h = harness({ lock: 'manual' })
    h.actor.start()
    await h.send({ type: 'SYNC.ASKED' })
    expect(h.state()).toBe('idle')
    await h.send({ type: 'START' })
    expect(h.state()).toBe('anonymous.awaitingLeadership')
    await h.send({ type: 'SYNC.ASKED' })
    expect(h.announcements).toEqual([])
  })
})

afterAll(() => {
  // Guards against a chart that grows a transition no test takes.
  const missing = [...allTransitions(sessionMachine)].filter((key) => !taken.has(key))
  expect(missing).toEqual([])
})
