/**
 * Messages a tab the sessions do not know posts on their channel: forgeries, a build of
 * another version, replays, floods. The model runs post them between the other steps.
 */
import type { TabWorld } from './tab-world'

const HOUR = 60 * 60_000

/** Messages a tab the sessions do not know posts on their channel. */
export const FORGERIES = [
  'unknown-version',
  'wrong-shape',
  'session-not-in-store',
  'stale-replay',
  'signed-out-current',
  'signed-out-unknown',
  'backoff-forever',
  'proto-keys',
  'enormous',
  'ask',
] as const

export type Forgery = (typeof FORGERIES)[number]

/**
 * Forgeries only a shared store can unmask: a tab whose store is its own has nothing to
 * check an announced session or sign-out against, and takes it as sent (see
 * docs/security.md). Per-tab worlds are not sent these.
 */
export const NEED_A_SHARED_STORE: readonly Forgery[] = [
  'session-not-in-store',
  'stale-replay',
  'signed-out-current',
  // A valid session under its prototype keys (pollution is checked in shared worlds and
  // in hostile-parsers.test.ts).
  'proto-keys',
]

/** The message of a forgery `kind`, made to fit what `world`'s tabs hold now. */
export function forge(world: TabWorld, kind: Forgery): unknown {
  const held = world.tab('A').snapshot.sessionId ?? world.tab('B').snapshot.sessionId ?? 'none'
  const at = world.now()
  const fake = {
    sessionId: 'forged-session',
    accessToken: 'OauthNG.JWS.forged',
    refreshToken: 'JWS.forged',
    issuedAt: at,
    expiresAt: at + HOUR,
    role: 'visitor',
  }
  switch (kind) {
    case 'unknown-version':
      return { v: 2, type: 'session', from: 'forger', tokens: fake }
    case 'wrong-shape':
      return { v: 1, type: 'session', from: 'forger', tokens: { ...fake, expiresAt: 'soon' } }
    case 'session-not-in-store':
      return { v: 1, type: 'session', from: 'forger', tokens: fake }
    case 'stale-replay':
      return {
        v: 1,
        type: 'session',
        from: 'forger',
        tokens: { ...fake, sessionId: held, issuedAt: 0, expiresAt: at + HOUR },
      }
    case 'signed-out-current':
      return { v: 1, type: 'signed-out', from: 'forger', sessionId: held }
    case 'signed-out-unknown':
      return { v: 1, type: 'signed-out', from: 'forger', sessionId: 'nobody' }
    case 'backoff-forever':
      return { v: 1, type: 'backoff', from: 'forger', until: at + 365 * 24 * HOUR, attempt: 1e9 }
    case 'proto-keys':
      return JSON.parse(
        `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "v": 1, "type": "session", "from": "forger", "tokens": {"__proto__": {"polluted": true}, ${JSON.stringify(fake).slice(1)}}`,
      )
    case 'ask':
      return { v: 1, type: 'ask', from: 'forger' }
    case 'enormous':
      return {
        v: 1,
        type: 'session',
        from: 'forger',
        tokens: { ...fake, accessToken: 'x'.repeat(2_000_000) },
      }
  }
}
