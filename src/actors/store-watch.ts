/**
 * A store that can tell when someone else changed it (`SessionStore.watch`, e.g. the
 * cookie store, which hears a server's `Set-Cookie`) feeds the change into the machine as
 * the event another tab's announcement would be: stored tokens as `SYNC.SESSION` (adopted
 * only when later by generation, as for any tab), the held session gone from the store as
 * `SYNC.SIGNED_OUT`, and a member's session marked ended as `SYNC.MEMBER_ENDED` (both
 * acted on only for the session held). What the store holds is read again, so a notice is
 * never trusted by itself. Kept small: every app with `createSession` ships it.
 */
import type { SessionEvent, TokenSet } from '../../machines/session.types'
import { type DecodedRecord, decodeRecord } from '../storage/record'
import type { SessionStore } from '../storage/store'

/** Starts watching, telling the machine what changed; returns the function that stops it. */
export type StoreWatch = (tell: (event: SessionEvent) => void) => () => void

/**
 * The watch of `store` for a session of `clientId` holding `held()` tokens, or `undefined`
 * when the store cannot watch. After a fallback to memory, what others write to the store
 * is still what the other tabs (or the server) hold, so it is taken as from any tab.
 */
export function storeWatch(
  store: SessionStore,
  clientId: string,
  held: () => TokenSet | null,
): StoreWatch | undefined {
  const { watch } = store
  return (
    watch &&
    ((tell) =>
      watch.call(store, () =>
        store.get().then(
          (stored) => {
            const event = changeEvent(decodeRecord(stored, clientId), held())
            if (event) tell(event)
          },
          () => undefined,
        ),
      ))
  )
}

function changeEvent(stored: DecodedRecord, held: TokenSet | null): SessionEvent | undefined {
  if (stored.kind === 'valid') {
    const { tokens } = stored
    return stored.ended
      ? { type: 'SYNC.MEMBER_ENDED', sessionId: tokens.sessionId }
      : { type: 'SYNC.SESSION', tokens }
  }
  // A damaged value (another script, or chunks read between two writes) says nothing.
  if (stored.kind === 'empty' && held) return { type: 'SYNC.SIGNED_OUT', sessionId: held.sessionId }
}
