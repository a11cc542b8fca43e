/**
 * The end of a model run: with the faults gone and the network back, every tab must reach
 * a valid token within the bound (or hear that its member's session ended), and the tabs'
 * answers must agree (`judge`: one shared visitor, or the member logged in); then, once
 * both tabs are stopped, nothing may be left: no timer, page listener, open channel,
 * request in flight or unsettled call.
 */
import { vi } from 'vitest'
import { MAX_SHARED_BACKOFF_MS } from '../../../machines/session.timing'
import { isSessionError } from '../../../src/errors'
import type { Session } from '../../../src/session'
import type { ChannelBus, Page } from './counting-doubles'
import type { InMemoryWix } from './in-memory-wix'

/** What the end of a run looks at (a `TabWorld`'s insides). */
export interface RunEndParts {
  requestTimeout: number
  waitTimeout: number
  server: InMemoryWix
  bus: ChannelBus
  tabs: readonly { name: string; session: Session; page: Page }[]
  /** Stops a tab the way the run's `stop` step does. */
  stop: (name: string) => void
  unsettledCalls: () => number
  /** Judges whose session the tabs ended with (see member-run-end.ts). */
  judge: (answers: readonly EndAnswer[], bound: number) => Promise<string[]>
}

/** What a tab answered at the end of a run: a valid access token, or why it has none. */
export type EndAnswer =
  | { tab: string; accessToken: string; error?: never }
  | { tab: string; error: 'member_session_ended'; accessToken?: never }

/** Play the end of a run; returns the broken promises found. */
export async function endRun(run: RunEndParts): Promise<string[]> {
  const { server, bus, tabs } = run
  const found: string[] = []
  server.clearFaults()
  for (const { session, page } of tabs) {
    page.fire('online')
    if (!session.snapshot.running) session.start()
  }
  // Requests sent while the faults were on may still fail (a hung one times out) and
  // spend the last attempt; the app's answer to `failed` is retry().
  await vi.advanceTimersByTimeAsync(run.requestTimeout)
  for (const { session } of tabs) session.retry()
  // Another tab (or a forger) may have asked for a hold-back of up to a minute.
  const timeout = run.waitTimeout + MAX_SHARED_BACKOFF_MS
  await askEveryTab(run, timeout, found)
  // Whose session the tabs end with is judged on a second answer, a moment later: a tab
  // that answered at once from a session another tab has replaced since (it could not
  // know until that tab recovered) has caught up by then.
  await vi.advanceTimersByTimeAsync(CATCH_UP_MS)
  found.push(...(await run.judge(await askEveryTab(run, timeout, found), timeout)))

  for (const { name } of tabs) run.stop(name)
  await vi.advanceTimersByTimeAsync(0)
  if (vi.getTimerCount() > 0) found.push(`${vi.getTimerCount()} timers left after stop()`)
  for (const { name, page } of tabs) {
    if (page.listenerCount > 0) found.push(`tab ${name} left page listeners`)
  }
  if (bus.openChannels() > 0) found.push(`${bus.openChannels()} channels left open`)
  if (bus.listenerCount() > 0) found.push('channel listeners left attached')
  if (server.inFlight().length > 0) found.push('token requests left in flight')
  if (run.unsettledCalls() > 0) found.push(`${run.unsettledCalls()} calls never settled`)
  return found
}

/**
 * Let fake time pass, a second at a time, until every one of `answers` has settled. Each
 * wait arms its own timeout, so none outlives `bound`; time is not played on once they
 * are all in (a run's refreshes after its end would only cost time).
 *
 * Not timer by timer: vitest's `advanceTimersToNextTimerAsync` fires a timer armed for a
 * fraction of a millisecond at the same instant again and again (a browser waits at
 * least 1 ms), so a backoff ending 0.4 ms from now would never end.
 */
/** Every tab's answer to `getAccessToken()`, within `timeout`; what is wrong goes to `found`. */
async function askEveryTab(
  { server, tabs }: RunEndParts,
  timeout: number,
  found: string[],
): Promise<EndAnswer[]> {
  const answered: EndAnswer[] = []
  const answers = tabs.map(({ name, session }) =>
    session.getAccessToken({ timeout }).then(
      (token) => {
        // Judged when handed out: the run may go on long enough for it to expire.
        const atServer = server.registry.checkAccessToken(token)
        if (atServer.state === 'active') answered.push({ tab: name, accessToken: token })
        else found.push(`tab ${name} ended with a token the server finds ${atServer.state}`)
      },
      (error: unknown) => {
        if (isSessionError(error, 'member_session_ended')) {
          answered.push({ tab: name, error: 'member_session_ended' })
        } else found.push(`tab ${name} got no token after the faults ended: ${String(error)}`)
      },
    ),
  )
  await untilSettled(answers, timeout)
  return answered
}

/** Long enough for announcements to arrive and a tab's asking (250 ms) to be answered. */
const CATCH_UP_MS = 1000

export async function untilSettled(
  answers: readonly Promise<unknown>[],
  bound: number,
): Promise<void> {
  let settled = false
  void Promise.all(answers).then(() => {
    settled = true
  })
  const end = Date.now() + bound
  await vi.advanceTimersByTimeAsync(0)
  while (!settled && Date.now() < end) {
    await vi.advanceTimersByTimeAsync(Math.min(SLICE_MS, end - Date.now()))
  }
  await Promise.all(answers)
}

const SLICE_MS = 1000
