/**
 * A parent page that records every message posted to it, and loads a URL in a hidden
 * iframe the way `@wix/sdk` does for a direct login. Its origin is whatever the test
 * opened it on, so the same page can stand on an allowed and a disallowed origin.
 */

export interface ReceivedMessage {
  origin: string
  data: unknown
}

const received: ReceivedMessage[] = []
window.addEventListener('message', (event) => {
  received.push({ origin: event.origin, data: event.data })
})

const page = {
  /** Resolves once the frame has loaded (its scripts have run). */
  openFrame(src: string): Promise<void> {
    return new Promise((resolve) => {
      const frame = document.createElement('iframe')
      frame.style.display = 'none'
      frame.addEventListener('load', () => resolve(), { once: true })
      frame.src = src
      document.body.appendChild(frame)
    })
  },
  messages: (): ReceivedMessage[] => [...received],
}

declare global {
  interface Window {
    messageListener: typeof page
  }
}
window.messageListener = page
