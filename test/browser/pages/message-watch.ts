/**
 * Imported by a test page, and in place before any login starts: records every message the window
 * receives (who sent it, and what it claimed), and counts the `message` listeners the
 * page's code adds and removes on `window`, so a test can see that a login left none.
 */

export interface SeenMessage {
  origin: string
  /** The message's `state` and whether it carried a `code`, as far as it is an object. */
  state: string | null
  hasCode: boolean
  /** The message came from a frame that is one of the page's iframes (else another window). */
  fromFrame: boolean
}

const seen: SeenMessage[] = []
// Added before the counting below starts: the page's own listener is not counted.
window.addEventListener('message', (event) => {
  const data = (typeof event.data === 'object' && event.data) || {}
  seen.push({
    origin: event.origin,
    state: typeof data.state === 'string' ? data.state : null,
    hasCode: typeof data.code === 'string',
    fromFrame: [...document.querySelectorAll('iframe')].some(
      (frame) => frame.contentWindow === event.source,
    ),
  })
})

const active = new Set<unknown>()
const add = window.addEventListener.bind(window)
const remove = window.removeEventListener.bind(window)
window.addEventListener = ((type: string, listener: unknown, options?: unknown) => {
  if (type === 'message') active.add(listener)
  add(type, listener as EventListener, options as AddEventListenerOptions)
}) as typeof window.addEventListener
window.removeEventListener = ((type: string, listener: unknown, options?: unknown) => {
  if (type === 'message') active.delete(listener)
  remove(type, listener as EventListener, options as EventListenerOptions)
}) as typeof window.removeEventListener

export const messageWatch = {
  /** `message` listeners on `window` added since the page loaded and not removed. */
  listeners: () => active.size,
  /** The iframes in the document. */
  frames: () => document.querySelectorAll('iframe').length,
  messages: (): SeenMessage[] => [...seen],
}
