/**
 * The session machine provided with the effects that do its work: the clock, the store,
 * the token endpoint, the tab channel (with the store's own change notices), the page's
 * lifecycle events and the refresh lock, each chosen from the resolved options.
 */
import { refusesAnnounced } from '../machines/session.guards'
import { sessionMachine } from '../machines/session.machine'
import { createTimingEffects } from '../machines/session.timing'
import type { SessionContext } from '../machines/session.types'
import { defaultEnvironmentTargets, environmentActor } from './actors/environment'
import { createPersistence, type Persistence, persistenceActors } from './actors/persistence'
import { refreshLockActor } from './actors/refresh-lock'
import { type StoreWatch, storeWatch } from './actors/store-watch'
import { broadcastTabSync, channelName } from './actors/tab-sync'
import { createTokenEndpoint, tokenEndpointActor } from './actors/token-endpoint'
import { createLocalLockManager, realmLocks } from './locks/local-lock-manager'
import { webLocks } from './locks/lock-manager'
import type { ResolvedOptions } from './options'
import { defaultStore } from './storage/default-store'

/**
 * The machine with every effect provided, for one session identified as `tabId`, whose
 * actor's context is `current()`.
 */
export function provideSessionEffects(
  config: ResolvedOptions,
  tabId: string,
  current: () => SessionContext,
) {
  const chosen = config.storage
    ? { store: config.storage, warnings: [] }
    : defaultStore(config.clientId)
  const persistence = createPersistence({
    store: chosen.store,
    clientId: config.clientId,
    now: config.now,
    storageTimeoutMs: config.storageTimeout,
    initialWarnings: chosen.warnings,
  })
  const endpoint = createTokenEndpoint(config)
  return sessionMachine.provide({
    ...createTimingEffects({ now: config.now, random: config.random }),
    actors: {
      ...persistenceActors(persistence),
      requestTokens: tokenEndpointActor(endpoint),
      tabSync: tabSyncFor(
        config,
        tabId,
        persistence,
        storeWatch(chosen.store, config.clientId, () => current().tokens),
        current,
      ),
      environment: environmentActor(
        config.environment === false ? {} : (config.environment ?? defaultEnvironmentTargets()),
      ),
      refreshLock: refreshLockActor({
        // Without Web Locks, sessions that share a page's store and channel share one lock;
        // a session that shares nothing (Node, sync off) gets its own, so a server holding
        // many users' sessions never makes one user's refresh wait for another's.
        locks: config.locks ?? webLocks() ?? (config.sync ? realmLocks : createLocalLockManager()),
        name: `headless-session:${config.clientId}:leader`,
        stealAfterMs: config.lockTimeout,
      }),
    },
  })
}

/** Whether this session talks to other tabs: asked to, and with a channel to do it over. */
export function syncsWithTabs(config: ResolvedOptions): boolean {
  return config.sync && config.BroadcastChannel !== undefined
}

/** The tab-sync actor this session's options ask for, hearing the store's watch if it has one. */
function tabSyncFor(
  config: ResolvedOptions,
  tabId: string,
  persistence: Persistence,
  watchStore: StoreWatch | undefined,
  current: () => SessionContext,
) {
  const Channel = config.BroadcastChannel
  // Without either, the actor is idle: announcements go nowhere and nothing arrives.
  return broadcastTabSync({
    openChannel:
      syncsWithTabs(config) && Channel
        ? () => new Channel(channelName(config.clientId))
        : undefined,
    watchStore,
    tabId,
    confirm: async (tokens, signal) => {
      if (!persistence.shared) {
        // A tab that has not caught up may still announce a session this one has left
        // (signed out, say, while it answers this tab's asking), or a visitor from before
        // this tab's member ended. The machine will not take them (`notLeftBehind`,
        // `notDemotingEndedMember`), and neither may the store: its next read would.
        if (refusesAnnounced(current(), tokens)) return false
        // Nothing to check against, and this copy is how this tab will find the session
        // when it next reads its store under the lock.
        await persistence.keepAnnounced(tokens, signal)
        return true
      }
      const stored = (await persistence.peek(signal))?.tokens
      return (
        stored?.refreshToken === tokens.refreshToken && stored.accessToken === tokens.accessToken
      )
    },
    confirmSignOut: async (sessionId, signal) => {
      if (!persistence.shared) {
        await persistence.forgetAnnounced(sessionId, signal)
        return true
      }
      return (await persistence.peek(signal))?.tokens.sessionId !== sessionId
    },
    // A store of the tab's own holds nothing to check against; its copy is marked when the
    // tab's own refresh is refused, or forgotten at its next sign-out.
    confirmMemberEnded: async (sessionId, signal) => {
      if (!persistence.shared) return true
      const stored = await persistence.peek(signal)
      return stored?.ended === true && stored.tokens.sessionId === sessionId
    },
  })
}
