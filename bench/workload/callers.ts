/**
 * The caller workload every token benchmark runs, in a page and in Node alike: `callers`
 * concurrent loops, each asking for a token, then pausing as if it made an API call with
 * it, until the deadline.
 */

export interface CallerWorkload {
  /** Concurrent callers in one tab (or one `@wix/sdk` instance). */
  callers: number
  /** How long the callers keep asking, in milliseconds. */
  durationMs: number
  /** The pause after each answer: the API call a caller makes with its token. */
  pauseMs: number
}

export interface CallerTally {
  /** Tokens received. */
  calls: number
  /** Calls that rejected. */
  failures: number
}

export async function runCallers(
  workload: CallerWorkload,
  getToken: () => Promise<string>,
): Promise<CallerTally> {
  const deadline = Date.now() + workload.durationMs
  const tally: CallerTally = { calls: 0, failures: 0 }
  const caller = async () => {
    while (Date.now() < deadline) {
      try {
        await getToken()
        tally.calls += 1
      } catch {
        tally.failures += 1
      }
      await new Promise((resolve) => setTimeout(resolve, workload.pauseMs))
    }
  }
  await Promise.all(Array.from({ length: workload.callers }, caller))
  return tally
}

/** The tallies of several tabs or instances, as one. */
export function addTallies(tallies: readonly CallerTally[]): CallerTally {
  return {
    calls: tallies.reduce((sum, tally) => sum + tally.calls, 0),
    failures: tallies.reduce((sum, tally) => sum + tally.failures, 0),
  }
}
