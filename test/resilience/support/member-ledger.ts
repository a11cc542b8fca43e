/**
 * Members in the model runs. The ledger follows what the run did to the member (which
 * logins committed, which sign-outs came after them, which of the member's refresh tokens
 * Wix refused) and holds the sessions to docs/members.md, "A member is never quietly made
 * a visitor", after every step (`check`; the promises are named in model-invariants.ts).
 * Each promise counts how often it applied, so a shard can show none was passed for want
 * of a case.
 *
 * Everything is judged in one order of happenings (`seq`): the tabs' emitted events, the
 * sign-outs the run asked for and the requests the endpoint received are stamped from the
 * same counter as they happen.
 */
import type { SessionEmitted } from '../../../machines/session.types'
import type { Session } from '../../../src/session'
import { decodeRecord } from '../../../src/storage/record'
import type { SessionStore } from '../../../src/storage/store'
import { MOCK_CLIENT_ID } from '../../../src/testing/index'
import type { EndpointRequest, InMemoryWix } from './in-memory-wix'
import type { MEMBER_STEP_INVARIANTS } from './model-invariants'

/** An event a tab emitted, with the wall clock and the world's order when it did. */
export type StampedEvent = SessionEmitted & { at: number; seq: number }

export interface LedgerTab {
  name: string
  session: Session
  events: readonly StampedEvent[]
}

export interface LedgerParts {
  server: InMemoryWix
  storage: 'shared' | 'per-tab'
  /** The store both tabs share (read only when `storage` is `shared`). */
  store: SessionStore
  tabs: readonly LedgerTab[]
  /** The index of the step being played. */
  step: () => number
}

/** A login whose import committed. */
export interface Login {
  /** The endpoint's number for it (`InMemoryWix.loginMember`). */
  index: number
  tab: string
  sessionId: string
  /** When the import committed (its `imported` event). */
  seq: number
  step: number
}

/** How often each member promise applied: the number of cases it judged. */
export type Applied = Record<keyof typeof MEMBER_STEP_INVARIANTS | 'end', number>

/** What the runs did with members, for the figures. */
export interface MemberFigures {
  logins: number
  memberRefreshes: number
  endings: number
  refusals: number
  signOutsOfMembers: number
  /** Anonymous grants sent by a tab that had not heard of the login standing. */
  unawareMints: number
  /**
   * Login steps not played: with a store each, a login in a tab that has not heard of the
   * login the other tab holds (see `TabWorld.login`).
   */
  loginsSkipped: number
}

/** A member refresh answered `invalid_grant`: revoked at Wix, or refused by an injected fault. */
export function isRefusal(request: EndpointRequest): boolean {
  return (
    request.grantType === 'refresh_token' &&
    request.login !== null &&
    (request.outcome === 'rejected' ||
      (request.outcome === 'fault' && request.fault?.status === 400))
  )
}

export function createMemberLedger({ server, storage, store, tabs, step }: LedgerParts) {
  const shared = storage === 'shared'
  const logins: Login[] = []
  let importing: { index: number; tab: string } | null = null
  /** The sign-outs the run asked for: when, and in which tab. */
  const signOuts: { seq: number; tab: string }[] = []
  /** Refused refresh tokens, and the request that was refused. */
  const refused = new Map<string, number>()
  const refusedLogins = new Set<number>()
  let judgedSends = 0
  let seenRequests = 0
  let awaitingAnswers: EndpointRequest[] = []
  /** The role each tab last held tokens of (a failure in between does not count), and since when. */
  const lastHeld = new Map<string, { role: string; sessionId: string; seq: number }>()
  const judgedEvents = new Map<string, number>()
  const applied: Applied = { mints: 0, demotions: 0, holders: 0, refusals: 0, end: 0 }
  const figures: MemberFigures = emptyFigures()

  const tabNamed = (name: string) => tabs.find((tab) => tab.name === name) as LedgerTab
  /**
   * Whether a sign-out signs out `login`. With one store, every sign-out does (the store
   * is the session). With a store each, only one made in a tab that had heard of the
   * login: a tab that never did signs out its own session, concurrent with the login.
   */
  const signsOut = (signOut: { seq: number; tab: string }, login: Login | undefined) =>
    shared || login === undefined || heard(signOut.tab, login, signOut.seq)
  const signedOutBetween = (login: Login | undefined, after: number, before: number) =>
    signOuts.some((s) => s.seq > after && s.seq < before && signsOut(s, login))
  /** The last login committed before `seq`. */
  const loginBefore = (seq: number) => logins.findLast((login) => login.seq < seq) ?? null
  /** Whether `tab` had held, ended or signed out the session of `login` before `seq`. */
  const heard = (tab: string, login: Login, seq = Number.POSITIVE_INFINITY) =>
    tabNamed(tab).events.some(
      (event) => event.seq < seq && 'sessionId' in event && event.sessionId === login.sessionId,
    )
  const loginHeld = (session: Session) => {
    const tokens = session.actor.getSnapshot().context.tokens
    return tokens === null ? null : server.loginOf(tokens.accessToken)
  }
  const endedHere = (session: Session) =>
    session.snapshot.state === 'failed' && session.snapshot.error?.code === 'member_session_ended'
  const describe = (session: Session) => {
    const { state, error } = session.snapshot
    const login = loginHeld(session)
    const holds = login !== null ? `member login ${login}` : (session.snapshot.role ?? 'nothing')
    return `${holds} (${state}${error ? `: ${error.code}` : ''})`
  }

  /** The refusals answered since the last check; each ends its session (see `check`). */
  async function judgeRefusals(found: string[]) {
    for (const request of server.requests.slice(seenRequests)) {
      if (request.grantType === 'refresh_token' && request.login !== null) {
        awaitingAnswers.push(request)
      }
    }
    seenRequests = server.requests.length
    const answered = awaitingAnswers.filter((request) => request.outcome !== 'pending')
    awaitingAnswers = awaitingAnswers.filter((request) => request.outcome === 'pending')
    const stored = shared ? decodeRecord(await store.get(), MOCK_CLIENT_ID) : null
    for (const request of answered) {
      if (request.outcome === 'issued') figures.memberRefreshes += 1
      if (!isRefusal(request) || request.refreshToken === null) continue
      const login = request.login as number
      applied.refusals += 1
      figures.refusals += 1
      refused.set(request.refreshToken, request.id)
      refusedLogins.add(login)
      const { session } = tabNamed(request.tab)
      const later = loginHeld(session)
      // Moved on since: to a later login, or (a sign-out came after the login) to a visitor.
      const committed = logins.find(({ index }) => index === login)
      const movedOn =
        (later !== null && later > login) ||
        (committed !== undefined &&
          signedOutBetween(committed, committed.seq, Number.POSITIVE_INFINITY))
      // (A tab is only ever stopped after the check of the step its refusal came in.)
      if (session.snapshot.running && !endedHere(session) && !movedOn) {
        found.push(
          `member login ${login}'s refresh token was refused (request ${request.id}), yet tab ${request.tab} holds ${describe(session)}`,
        )
      }
      if (stored?.kind === 'valid' && !stored.ended) {
        if (server.loginOf(stored.tokens.refreshToken) === login) {
          found.push(`the store holds member login ${login} unmarked after its refusal`)
        }
      }
    }
  }

  /** Requests sent since the last check: no mint while a member is logged in, no refused token again. */
  function judgeSends(found: string[]) {
    for (const request of server.requests.slice(judgedSends)) {
      const token = request.refreshToken
      const refusedBy = token === null ? undefined : refused.get(token)
      if (shared && refusedBy !== undefined && refusedBy < request.id) {
        found.push(
          `tab ${request.tab} sent a refused member refresh token again (request ${request.id})`,
        )
      }
      if (request.grantType !== 'anonymous') continue
      const login = loginBefore(request.seq)
      if (login === null || signedOutBetween(login, login.seq, request.seq)) continue
      // With one store, a tab learns of a login from it before minting; only a mint decided
      // on a read made before the import committed, in the same step, can miss it.
      if (!heard(request.tab, login, request.seq) && (!shared || login.step === step())) {
        figures.unawareMints += 1
        continue
      }
      found.push(
        `tab ${request.tab} sent an anonymous grant (request ${request.id}) after member login ${login.index} committed, with no sign-out since`,
      )
    }
    judgedSends = server.requests.length
  }

  /** Tokens each tab took since the last check: a member is left for a visitor only by a sign-out. */
  function judgeTokenChanges(found: string[]) {
    for (const { name, events } of tabs) {
      for (const event of events.slice(judgedEvents.get(name) ?? 0)) {
        if (event.type !== 'tokensChanged') continue
        const before = lastHeld.get(name)
        if (before?.role === 'member') {
          applied.demotions += 1
          // From the login on: a tab stopped through a sign-out restores the member it held
          // (with a store of its own), then catches up with the visitor that replaced them.
          const login = logins.find(({ sessionId }) => sessionId === before.sessionId)
          const since = login?.seq ?? before.seq
          if (event.role === 'visitor' && !signedOutBetween(login, since, event.seq)) {
            found.push(
              `tab ${name} went from a member to a visitor (${event.reason}) with no sign-out in between`,
            )
          }
        }
        lastHeld.set(name, { role: event.role, sessionId: event.sessionId, seq: event.seq })
      }
      judgedEvents.set(name, events.length)
    }
  }

  /** While a member is logged in, every running tab that could know holds it, or its end. */
  function judgeHolders(found: string[]) {
    const login = liveLogin()
    if (login === null) return
    for (const { name, session } of tabs) {
      if (!session.snapshot.running || (!shared && !heard(name, login))) continue
      applied.holders += 1
      const holds = loginHeld(session) === login.index
      const ok = refusedLogins.has(login.index) ? endedHere(session) || (!shared && holds) : holds
      if (!ok) {
        const ended = refusedLogins.has(login.index) ? ', whose session ended' : ''
        found.push(
          `tab ${name} holds ${describe(session)} while member login ${login.index}${ended} is logged in`,
        )
      }
    }
  }

  /** The last login, unless a sign-out came after it. */
  function liveLogin(): Login | null {
    const last = logins.at(-1)
    if (last === undefined) return null
    return signedOutBetween(last, last.seq, Number.POSITIVE_INFINITY) ? null : last
  }

  return {
    applied,
    figures,
    liveLogin,
    /** Whether `tab` ever held, ended or signed out the session of `login`. */
    heard: (tab: string, login: Login) => heard(tab, login),
    /** Whether `other` heard of a login that `tab` never heard of. */
    heardMore: (other: string, tab: string) =>
      logins.some((login) => heard(other, login) && !heard(tab, login)),
    /** Whether Wix refused a refresh token of `login` (judged from every request sent). */
    wasRefused: (login: number) =>
      server.requests.some((request) => request.login === login && isRefusal(request)),
    /** A login step: the test member's tokens (`index`) are being imported in `tab`. */
    importing(tab: string, index: number) {
      importing = { index, tab }
    },
    /** Every event a tab emits, as it emits it: an `imported` one commits the login. */
    noteEvent(tab: string, event: StampedEvent) {
      if (event.type !== 'tokensChanged' || event.reason !== 'imported') return
      if (importing?.tab !== tab) return
      logins.push({ ...importing, sessionId: event.sessionId, seq: event.seq, step: step() })
      figures.logins += 1
      importing = null
    },
    /** `signOut()` called in a running tab, at `seq`. */
    signedOut(seq: number, tab: string) {
      if (liveLogin() !== null) figures.signOutsOfMembers += 1
      signOuts.push({ seq, tab })
    },
    /** The member's sessions were ended at Wix. */
    ended() {
      if (server.logins > 0) figures.endings += 1
    },
    /** Judge what happened since the last check; returns the broken promises. */
    async check(): Promise<string[]> {
      const found: string[] = []
      // The mint promise is in force for this step (judged on every request it sent).
      if (liveLogin() !== null) applied.mints += 1
      await judgeRefusals(found)
      judgeSends(found)
      judgeTokenChanges(found)
      judgeHolders(found)
      return found
    },
  }
}

export type MemberLedger = ReturnType<typeof createMemberLedger>

/** Member figures before a run has done anything. */
export function emptyFigures(): MemberFigures {
  return {
    logins: 0,
    memberRefreshes: 0,
    endings: 0,
    refusals: 0,
    signOutsOfMembers: 0,
    unawareMints: 0,
    loginsSkipped: 0,
  }
}
