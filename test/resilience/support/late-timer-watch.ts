/**
 * The late timer in the model runs. A session's refresh timer is armed on the monotonic
 * clock and sleeps through a jump of the wall clock (a laptop resumed, a worker thawed):
 * the tab rests in `active` on tokens the wall clock says are due for a refresh, and no
 * timer or wake event will tell it. A caller's hand-out is where it must notice:
 *
 * - the caller is handed the held token at once, if it is still valid;
 * - the refresh starts: by the end of the step the tab no longer rests in `active` on
 *   tokens whose refresh is due. Where it is instead is whatever the refresh led to: it
 *   waits for the lock or for the tab that leads (`expiring`), for a backoff, sends the
 *   request (`refreshing`), holds the refreshed or adopted tokens, or lost the session.
 *
 * Both are judged only for hand-outs made in exactly that situation, and the watch counts
 * them, so the runs can show the promise was put to the test.
 */
import { refreshDueAt } from '../../../machines/session.timing'
import type { TokenSet } from '../../../machines/session.types'
import type { Session } from '../../../src/session'

/** A hand-out made while the tab rested in `active` on tokens due for a refresh. */
interface LateHandOut {
  tab: string
  kind: 'getAccessToken' | 'getTokens'
  session: Session
  held: TokenSet
  /** When the wall clock said the refresh of `held` was due. */
  dueAt: number
  /** The held access token was still valid when the caller asked. */
  usable: boolean
  at: number
  answer: { settled: false } | { settled: true; accessToken: string | null }
}

/**
 * The tokens `session` rests on in `active`, with when their refresh fell due, if it is
 * running and the wall clock says that refresh is due.
 */
function dueWhileActive(session: Session, now: number): { held: TokenSet; dueAt: number } | null {
  if (!session.snapshot.running) return null
  const { value, context } = session.actor.getSnapshot()
  const held = context.tokens
  if (value !== 'active' || held === null) return null
  const dueAt = refreshDueAt(held, context.refreshMargin)
  return now >= dueAt ? { held, dueAt } : null
}

export function createLateTimerWatch(now: () => number) {
  let pending: LateHandOut[] = []
  const counted = { handOuts: 0, withValidToken: 0 }

  return {
    counted,

    /**
     * Call `ask` (the hand-out) in `tab`, noting it first if the tab rests on due tokens.
     * The situation is read before the call, since the call itself is what must change it.
     */
    handOut<T>(
      tab: string,
      kind: LateHandOut['kind'],
      session: Session,
      ask: () => Promise<T>,
    ): Promise<T> {
      const at = now()
      const due = dueWhileActive(session, at)
      const promise = ask()
      if (due === null) return promise
      const late: LateHandOut = {
        tab,
        kind,
        session,
        ...due,
        usable: at < due.held.expiresAt,
        at,
        answer: { settled: false },
      }
      pending.push(late)
      promise.then(
        (value) => {
          const accessToken = kind === 'getTokens' ? (value as TokenSet).accessToken : value
          late.answer = { settled: true, accessToken: accessToken as string }
        },
        () => {
          late.answer = { settled: true, accessToken: null }
        },
      )
      return promise
    },

    /** Judge the late hand-outs of the step that just ended. */
    check(): string[] {
      const found: string[] = []
      for (const late of pending) {
        counted.handOuts += 1
        const handOut = `${late.kind}() in tab ${late.tab} at ${late.at}, with a refresh due since ${late.dueAt}`
        if (late.usable) {
          counted.withValidToken += 1
          if (!late.answer.settled) found.push(`${handOut} was not answered at once`)
          else if (late.answer.accessToken !== late.held.accessToken) {
            found.push(`${handOut} was not handed the held, still valid token`)
          }
        }
        if (dueWhileActive(late.session, now()) !== null) {
          found.push(`${handOut} started no refresh: the tab still rests in active on due tokens`)
        }
      }
      pending = []
      return found
    },
  }
}
