/**
 * A benchmark tab: one session, configured from the URL (clientId, tokenUrl,
 * refreshMargin), not started until asked, recording when its tokens changed and why by
 * this machine's wall clock (`Date.now()`, shared by every tab).
 */
import { createSession, type SessionEventOf } from 'headless-session'
import { type CallerWorkload, runCallers } from '../workload/callers'

type TokensChangedReason = SessionEventOf<'tokensChanged'>['reason']

const params = new URL(location.href).searchParams
const refreshMargin = params.get('refreshMargin')

const session = createSession({
  clientId: params.get('clientId') ?? 'mock-client-id',
  ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
  ...(refreshMargin === null ? {} : { refreshMargin: Number(refreshMargin) }),
})

export interface TokensChange {
  reason: TokensChangedReason
  at: number
}
const changes: TokensChange[] = []
session.on('tokensChanged', (event) => changes.push({ reason: event.reason, at: Date.now() }))

const benchTab = {
  /** Start the session and run the callers on it at once, as a page that just loaded. */
  startAndRunCallers: (workload: CallerWorkload) => {
    session.start()
    return runCallers(workload, () => session.getAccessToken())
  },
  start: async () => {
    await session.start().getAccessToken()
  },
  refresh: async () => {
    await session.refresh()
  },
  changes: () => changes,
  forgetChanges: () => {
    changes.length = 0
  },
}

declare global {
  interface Window {
    benchTab: typeof benchTab
  }
}

window.benchTab = benchTab
