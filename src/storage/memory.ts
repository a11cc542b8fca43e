import type { SessionRecord, SessionStore } from './store'

/**
 * A store that lives as long as the page or process: the default outside browsers, and a
 * deliberate choice for apps that want no token at rest. Values are copied on the way in
 * and out, so nobody can change the stored record behind the session's back.
 *
 * @example
 * ```ts
 * const session = createSession({ clientId, storage: createMemoryStore() })
 * ```
 */
export function createMemoryStore(): SessionStore {
  let value: SessionRecord | undefined
  const copy = <T>(item: T): T => (item === undefined ? item : structuredClone(item))
  return {
    name: 'memory',
    shared: false,
    get: async () => copy(value),
    set: async (record) => {
      value = copy(record)
    },
    delete: async () => {
      value = undefined
    },
    update: async (updater) => {
      const next = updater(copy(value))
      if (next !== undefined) value = copy(next)
    },
  }
}
