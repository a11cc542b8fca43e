/**
 * Two tabs of one browser, as the model-based tests drive them: two real sessions (the
 * real machine, persistence, refresh lock, tab sync and environment actors) sharing one
 * store (or each with a store of its own, as with `createMemoryStore()`), one lock
 * manager and one channel, each with its own page and its own `fetch`
 * into the in-memory Wix endpoint. Time is vitest's fake timers; the wall clock is fake
 * time plus an offset the tests jump.
 *
 * The world checks the promises of issue 5 as it goes and collects every broken one in
 * `violations`, which the tests assert to be empty after every step. A member can log in
 * (as a completed login hands its tokens to one tab) and have their session ended at Wix;
 * the member ledger holds the sessions to what members are promised.
 */
import { vi } from 'vitest'
import { refreshDueAt } from '../../../machines/session.timing'
import { createMemoryStore, createSession } from '../../../src/index'
// The implementation itself, not the entry's lazy wrapper: its first claim would wait on a
// dynamic import, real time that fake timers do not advance.
import { createLocalLockManager } from '../../../src/locks/local-lock-manager'
import type { Session } from '../../../src/session'
import type { SessionStore } from '../../../src/storage/store'
import { MOCK_CLIENT_ID } from '../../../src/testing/index'
import { recordTransitions } from '../../support/transition-coverage'
import { createCallTracker } from './call-tracker'
import { createChannelBus, createPage, type Page } from './counting-doubles'
import { createInMemoryWix, IN_MEMORY_TOKEN_URL } from './in-memory-wix'
import { createLateTimerWatch } from './late-timer-watch'
import { createMemberLedger, type StampedEvent } from './member-ledger'
import { judgeRunEnd } from './member-run-end'
import { endRun } from './run-end'
import { seededRandom } from './seeded-random'
import { findTokens } from './token-scan'
import {
  DEFAULT_WORLD,
  TAB_NAMES,
  type TabName,
  type WorldOptions,
  type WorldParams,
} from './world-params'

export { END_INVARIANTS, STEP_INVARIANTS } from './model-invariants'
export {
  DEFAULT_WORLD,
  TAB_NAMES,
  type TabName,
  type WorldOptions,
  type WorldParams,
} from './world-params'

interface Tab {
  name: TabName
  session: Session
  page: Page
  events: StampedEvent[]
}

export function createTabWorld(params: WorldParams = DEFAULT_WORLD, options: WorldOptions = {}) {
  let wallOffset = 0
  const now = () => Date.now() + wallOffset
  /** One order for the tabs' events, the run's sign-outs and the endpoint's requests. */
  let happenings = 0
  const tick = () => ++happenings
  const server = createInMemoryWix({
    now,
    stamp: tick,
    accessTokenLifetime: params.accessTokenLifetime,
    rotateRefreshTokens: params.rotateRefreshTokens,
  })
  const store: SessionStore = { ...createMemoryStore(), name: 'shared-memory', shared: true }
  const storeFor = () => (params.storage === 'per-tab' ? createMemoryStore() : store)
  const locks = createLocalLockManager()
  const bus = createChannelBus()
  const violations: string[] = []
  const steps: string[] = []
  let signOuts = 0
  /** Mints a stop() abandoned after sending: the endpoint may have issued a visitor nobody holds. */
  let abandonedMints = 0
  /**
   * With stores of their own, a tab's session is out of reach while that tab is stopped
   * (as a closed tab's would be), and there is none to share while the other tab's member
   * session has ended (it holds nothing, and a visitor is not the member's to hand over):
   * a mint the other tab sends meanwhile has a cause.
   */
  let mintsNobodyCouldAnswer = 0
  const fetchFor = (name: TabName): typeof globalThis.fetch => {
    const send = server.fetchFor(name)
    return (input, init) => {
      const other = tabs.get(name === 'A' ? 'B' : 'A')?.session.snapshot
      const isMint = String(init?.body ?? '').includes('"anonymous"')
      const nothingToShare =
        other !== undefined &&
        (!other.running ||
          (other.sessionId === null && other.error?.code === 'member_session_ended'))
      if (params.storage === 'per-tab' && isMint && nothingToShare) {
        if (server.issuedVisitors.size > 0) mintsNobodyCouldAnswer += 1
      }
      return send(input, init)
    }
  }
  const counted = { stepChecks: 0, endChecks: 0 }

  const tabs = new Map<TabName, Tab>()
  for (const [index, name] of TAB_NAMES.entries()) {
    const page = createPage()
    const session = createSession({
      clientId: MOCK_CLIENT_ID,
      tokenUrl: IN_MEMORY_TOKEN_URL,
      fetch: fetchFor(name),
      now,
      random: seededRandom(params.seed * 2 + index),
      storage: storeFor(),
      sync: true,
      BroadcastChannel: bus.channelFor(name),
      environment: { global: page.global, document: page.document },
      locks,
      retry: params.retry,
      requestTimeout: params.requestTimeout,
      waitTimeout: params.waitTimeout,
      ...(params.lockTimeout === undefined ? {} : { lockTimeout: params.lockTimeout }),
      // The recorder reads the transitions and keeps nothing else: redacting every
      // inspection event for it would cost a fifth of a run.
      ...(options.taken
        ? { inspect: recordTransitions(options.taken), revealTokensToInspector: true }
        : {}),
    })
    const tab: Tab = { name, session, page, events: [] }
    session.on('*', (event) => {
      const stamped = { ...event, at: now(), seq: tick() }
      tab.events.push(stamped)
      ledger.noteEvent(name, stamped)
      noteLeaks(`tab ${name} emitted ${event.type}`, event)
    })
    tabs.set(name, tab)
  }
  const tabOf = (name: TabName): Tab => tabs.get(name) as Tab
  const ledger = createMemberLedger({
    server,
    storage: params.storage ?? 'shared',
    store,
    tabs: [...tabs.values()],
    step: () => steps.length - 1,
  })

  function noteLeaks(where: string, ...values: unknown[]) {
    const leaked = findTokens(server.issuedTokens, ...values)
    if (leaked.length > 0) violations.push(`${where} carries a token`)
  }

  const tracker = createCallTracker({
    server,
    now,
    eventsOf: (tab) => tabOf(tab as TabName).events,
    report: (violation) => violations.push(violation),
    noteLeaks,
  })
  const track = tracker.track
  const late = createLateTimerWatch(now)

  return {
    params,
    server,
    store,
    bus,
    steps,
    violations,
    /** How many times `check` and `finish` ran. */
    counted,
    /** How many hand-outs found a refresh due that the timer had slept through. */
    lateHandOuts: late.counted,
    /** What the runs did with members, and how often each member promise applied. */
    members: ledger,
    now,
    tab: (name: TabName) => tabOf(name).session,
    page: (name: TabName) => tabOf(name).page,
    events: (name: TabName) => tabOf(name).events,

    /** Let every promise, message and zero-delay timer run. */
    settle: () => vi.advanceTimersByTimeAsync(0),
    /** Let `ms` of (monotonic) time pass: timers fire, and the wall clock moves with it. */
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),

    getAccessToken(tab: TabName) {
      const { session } = tabOf(tab)
      track(
        tab,
        'getAccessToken',
        late.handOut(tab, 'getAccessToken', session, () => session.getAccessToken()),
      )
    },
    getTokens(tab: TabName) {
      const { session } = tabOf(tab)
      track(
        tab,
        'getTokens',
        late.handOut(tab, 'getTokens', session, () => session.getTokens()),
      )
    },
    refresh(tab: TabName) {
      track(tab, 'refresh', tabOf(tab).session.refresh())
    },
    /** Stop a tab; a mint it had under way is abandoned (and may have cost a visitor). */
    stop(tab: TabName) {
      const { session } = tabOf(tab)
      if (/^anonymous\.(requesting|committing)/.test(session.snapshot.detail)) abandonedMints += 1
      session.stop()
    },
    signOut(tab: TabName) {
      if (tabOf(tab).session.snapshot.running) {
        signOuts += 1
        ledger.signedOut(tick(), tab)
      }
      track(tab, 'signOut', tabOf(tab).session.signOut())
    },
    /**
     * The test member logs in in `tab`: the tokens Wix issues for them are imported, as
     * `completeLogin()` hands them over (a stopped tab refuses them, `not_running`).
     */
    /**
     * The test member logs in in `tab`. Not played with a store each while the other tab
     * holds a login `tab` has not heard of (the other tab stopped, or `tab` still starting):
     * the two logins are concurrent, the tabs agree on one of them once they meet, and
     * there is no order of the two histories to judge "the last login" by
     * (docs/reliability.md, "What these tests do not cover").
     */
    login(tab: TabName) {
      const other = tab === 'A' ? 'B' : 'A'
      const concurrent = params.storage === 'per-tab' && ledger.heardMore(other, tab)
      if (concurrent) {
        ledger.figures.loginsSkipped += 1
        return
      }
      const { login, tokens } = server.loginMember()
      ledger.importing(tab, login)
      const issuedAt = now()
      const importing = tabOf(tab).session.importTokens({
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        issuedAt,
        expiresAt: issuedAt + tokens.expires_in * 1000,
        role: 'member',
      })
      track(tab, 'importTokens', importing)
    },
    /** The member logs out on another device: Wix revokes their refresh tokens. */
    endMember() {
      server.endMemberSessions()
      ledger.ended()
    },
    /** Move the wall clock without firing any timer, as a sleep or a clock change does. */
    jumpClock(ms: number) {
      wallOffset += ms
    },
    /**
     * Move the wall clock (only) to `at` of the way through the refresh margin of the
     * tokens `tab` holds, as a sleep does while the refresh timer waits: from the moment
     * the refresh falls due (0) to just before the access token expires (towards 1).
     * Nothing moves if the tab holds no tokens or the clock is already past that point.
     */
    jumpIntoMargin(tab: TabName, at: number) {
      const { context } = tabOf(tab).session.actor.getSnapshot()
      if (context.tokens === null) return
      const dueAt = refreshDueAt(context.tokens, context.refreshMargin)
      const target = Math.floor(dueAt + at * (context.tokens.expiresAt - dueAt))
      if (target > now()) wallOffset += target - now()
    },

    /** Check what must hold at every step; returns the broken promises found so far. */
    async check(): Promise<string[]> {
      counted.stepChecks += 1
      const found = [
        ...server.violations,
        ...violations,
        ...tracker.overdue(params.waitTimeout),
        ...late.check(),
        ...(await ledger.check()),
      ]
      for (const name of TAB_NAMES) {
        const { session, page } = tabOf(name)
        if (session.snapshot.running) continue
        if (page.listenerCount > 0) found.push(`stopped tab ${name} left page listeners`)
        if (bus.openChannels(name) > 0) found.push(`stopped tab ${name} left its channel open`)
      }
      if (Object.hasOwn(Object.prototype, 'polluted')) found.push('Object.prototype was polluted')
      const justified = 1 + signOuts + rejectedRefreshes() + abandonedMints + mintsNobodyCouldAnswer
      if (server.issuedVisitors.size > justified) {
        found.push(
          `${server.issuedVisitors.size} visitors minted, but only ${justified} could be justified (a session was lost)`,
        )
      }
      return found
    },

    /** The end of a run (see `endRun`), and what is checked at every step, once more. */
    async finish(): Promise<string[]> {
      counted.endChecks += 1
      const found = await endRun({
        ...params,
        server,
        bus,
        tabs: [...tabs.values()],
        stop: (name) => this.stop(name as TabName),
        unsettledCalls: tracker.unsettled,
        // Judged while the tabs still run: what the end itself did, too.
        judge: async (answers, bound) => [
          ...(await judgeRunEnd(
            { ledger, server, shared: params.storage !== 'per-tab', tabs: [...tabs.values()] },
            answers,
            bound,
          )),
          ...(await ledger.check()),
        ],
      })
      return [...found, ...(await this.check())]
    },
  }

  /** A visitor's refreshes the endpoint rejected because a test told it to: each may replace it. */
  function rejectedRefreshes(): number {
    return server.requests.filter(
      (request) =>
        request.grantType === 'refresh_token' &&
        request.login === null &&
        request.fault?.status === 400,
    ).length
  }
}

export type TabWorld = ReturnType<typeof createTabWorld>
