/**
 * Whose session the tabs end a model run with (the answers of `endRun`). Without a member
 * logged in (none, or signed out since), one shared visitor. With one, every tab holds
 * that member; once Wix refused its refresh token, a tab may instead answer
 * `member_session_ended` (with one store, every tab must); and where Wix ended it, every
 * tab holding it is made to refresh, and then every tab must be `failed` with
 * `member_session_ended`: a member is never quietly made a visitor. With a store each,
 * this holds for every tab that heard of the member.
 */
import type { Session } from '../../../src/session'
import type { InMemoryWix } from './in-memory-wix'
import type { MemberLedger } from './member-ledger'
import { type EndAnswer, untilSettled } from './run-end'

export interface MemberRunEnd {
  ledger: MemberLedger
  server: InMemoryWix
  shared: boolean
  tabs: readonly { name: string; session: Session }[]
}

export async function judgeRunEnd(
  { ledger, server, shared, tabs }: MemberRunEnd,
  answers: readonly EndAnswer[],
  bound: number,
): Promise<string[]> {
  const found: string[] = []
  const login = ledger.liveLogin()
  const loginOf = (answer: EndAnswer) =>
    answer.accessToken === undefined ? null : server.loginOf(answer.accessToken)

  if (login === null) {
    const visitors = new Set<string>()
    for (const answer of answers) {
      const member = loginOf(answer)
      if (answer.accessToken === undefined) {
        found.push(`tab ${answer.tab} ended with ${answer.error}, though no member is logged in`)
      } else if (member !== null) {
        found.push(`tab ${answer.tab} ended as member login ${member}, signed out since`)
      } else {
        const atServer = server.registry.checkAccessToken(answer.accessToken)
        if (atServer.state === 'active') visitors.add(atServer.token.visitorId)
      }
    }
    if (visitors.size > 1) found.push('the tabs ended with different visitors')
    return found
  }

  ledger.applied.end += 1
  const refused = ledger.wasRefused(login.index)
  const revoked = server.loginEnded(login.index)
  // With a store each, a tab never told of the member (the tab holding it was stopped, or
  // had nothing left to tell once the member's session ended) keeps what it holds.
  const knows = (tab: string) => shared || ledger.heard(tab, login)
  for (const answer of answers) {
    const held = loginOf(answer)
    if (!knows(answer.tab)) continue
    if (answer.accessToken === undefined) {
      if (!refused) {
        found.push(`tab ${answer.tab} says member login ${login.index} ended; Wix never refused it`)
      }
    } else if (held !== login.index) {
      const what = held === null ? 'a visitor' : `member login ${held}`
      found.push(
        `tab ${answer.tab} ended with ${what} while member login ${login.index} is logged in`,
      )
    } else if (shared && refused) {
      found.push(`tab ${answer.tab} still serves member login ${login.index}, whose session ended`)
    }
  }
  if (!revoked) return found

  // Wix ended the member's session: a tab still holding it learns so at its next refresh.
  const refreshes = answers
    .filter((answer) => loginOf(answer) === login.index)
    .map(({ tab }) =>
      (tabs.find(({ name }) => name === tab) as { session: Session }).session
        .refresh({ timeout: bound })
        .then(
          () =>
            found.push(`refresh() in tab ${tab} renewed member login ${login.index}, ended at Wix`),
          (error: { code?: string }) => {
            if (error.code !== 'member_session_ended') {
              found.push(`refresh() in tab ${tab} of an ended member rejected with ${error.code}`)
            }
          },
        ),
    )
  await untilSettled(refreshes, bound)
  for (const { name, session } of tabs) {
    if (!knows(name)) continue
    const { state, error } = session.snapshot
    if (state !== 'failed' || error?.code !== 'member_session_ended') {
      found.push(
        `tab ${name} is ${state} (${error?.code ?? 'no error'}) after member login ${login.index} ended at Wix`,
      )
    }
  }
  return found
}
