/**
 * `createSession()`: the machine, provided with the actors that do the work, behind the
 * small API an app uses. The facade owns no session logic of its own: it wires the
 * effects (`session-effects.ts`), runs the actor (`session-runner.ts`) and hands out
 * tokens valid by the wall clock (`token-hand-out.ts`).
 */
import { isUsable } from '../machines/session.timing'
import type { TokenSet } from '../machines/session.types'
import { initiallyOnline } from './actors/environment'
import { deferredRedaction } from './deferred-inspection'
import { importedTokenSet } from './imported-tokens'
import { lazySessionFetch } from './lazy-session-fetch'
import { type ResolvedOptions, resolveOptions, type SessionOptions } from './options'
import { randomId } from './random-id'
import type { Session } from './session-api'
import { provideSessionEffects, syncsWithTabs } from './session-effects'
import { createSessionRunner } from './session-runner'
import { createTokenHandOut } from './token-hand-out'
import { notRunning } from './wait-for-tokens'

export type { ImportableTokens, Session, SessionEventOf } from './session-api'
export type { WaitOptions } from './token-hand-out'

/**
 * Create a session for a Wix Headless OAuth client.
 *
 * @example
 * ```ts
 * import { createSession } from 'headless-session'
 *
 * const session = createSession({ clientId: 'my-wix-client-id' }).start()
 * const token = await session.getAccessToken()
 * const products = await session.fetch('https://www.wixapis.com/stores/v1/products/query', {
 *   method: 'POST',
 *   body: {},
 * })
 * const stop = session.subscribe((snapshot) => render(snapshot.state))
 * ```
 */
export function createSession(options: SessionOptions): Session {
  const config = resolveOptions(options)
  const tabId = randomId()
  // Read only once the actor runs, after `runner` exists.
  const current = () => runner.actor.getSnapshot().context
  const held = () => current().tokens
  const runner = createSessionRunner(provideSessionEffects(config, tabId, current), {
    input: {
      refreshMargin: config.refreshMargin,
      retry: config.retry,
      online: initiallyOnline(),
      peerReplyWindow: syncsWithTabs(config) ? config.peerReplyWindow : 0,
    },
    ...inspectionFor(config),
  })
  const handOut = createTokenHandOut(runner, config)

  const session: Session = {
    get actor() {
      return runner.actor
    },
    tabId,
    clientId: config.clientId,
    tokenUrl: config.tokenUrl,
    get state() {
      return runner.snapshot.state
    },
    get snapshot() {
      return runner.snapshot
    },
    fetch: lazySessionFetch({
      getAccessToken: () => session.getAccessToken(),
      // Many requests may fail with the same stale token; only the first one refreshes.
      replaceRejectedToken: (rejected) =>
        held()?.accessToken === rejected ? session.refresh() : session.getAccessToken(),
      ...(config.fetch ? { fetch: config.fetch } : {}),
    }),
    start() {
      runner.start()
      return session
    },
    stop: () => runner.stop(),
    getAccessToken: async (wait) => (await handOut('getAccessToken()', wait)).accessToken,
    getTokens: async (wait) => ({ ...(await handOut('getTokens()', wait)) }),
    async refresh(wait) {
      const before = held()
      runner.send({ type: 'REFRESH' })
      return (await handOut('refresh()', wait, (tokens) => isNewer(tokens, before))).accessToken
    },
    async signOut(wait) {
      const before = held()
      runner.send({ type: 'SIGN_OUT' })
      await handOut('signOut()', wait, (tokens) => tokens.sessionId !== before?.sessionId)
    },
    retry: () => runner.send({ type: 'RETRY' }),
    async importTokens(tokens, wait) {
      if (!runner.running) throw notRunning('importTokens()')
      const generation = runner.actor.getSnapshot().context.generation
      const imported = importedTokenSet(tokens, config.now(), generation)
      runner.send({ type: 'IMPORT', tokens: imported })
      await handOut('importTokens()', wait, (now) => now.sessionId === imported.sessionId)
    },
    peekTokens() {
      const tokens = runner.running ? held() : null
      return tokens !== null && isUsable(tokens, config.now()) ? { ...tokens } : null
    },
    subscribe: (listener) => runner.subscribe(listener),
    on(type: string, listener: (event: never) => void) {
      return runner.onEmitted((event) => {
        if (type === '*' || event.type === type) (listener as (e: typeof event) => void)(event)
      })
    },
  }
  return session
}

/** The inspection observer handed to XState: tokens become fingerprints unless revealed. */
function inspectionFor(config: ResolvedOptions) {
  if (!config.inspect) return {}
  return {
    inspect: config.revealTokensToInspector ? config.inspect : deferredRedaction(config.inspect),
  }
}

/**
 * Tokens that replace `before`: another visitor, or another grant for the same one. Told
 * apart by the access token, which every grant renews, not by `issuedAt`, which goes
 * backwards with a clock that was set back.
 */
function isNewer(candidate: TokenSet, before: TokenSet | null): boolean {
  return (
    before === null ||
    candidate.sessionId !== before.sessionId ||
    candidate.accessToken !== before.accessToken
  )
}
