/**
 * Noticing session cookies that someone else wrote: the site's server (a `Set-Cookie` on
 * any response, a page load or a `fetch`), another tab, another script. Where the browser
 * has the Cookie Store API (Chromium), its `change` event says so as it happens; elsewhere
 * the cookies are read again when the page regains focus, is shown or becomes visible, and
 * every `interval` ms while the session runs. A read is one `document.cookie` and a string
 * comparison of the session's own cookies, so polling costs next to nothing.
 */

/** Where cookie changes can be heard. Each one is optional. */
export interface CookieChangeSources {
  /** Fires `change` for every cookie change, whoever made it (`globalThis.cookieStore`). */
  cookieStore?: EventTarget | undefined
  /** Fires `focus` and `pageshow` (the window). */
  window?: EventTarget | undefined
  /** Fires `visibilitychange` (the document). */
  document?: EventTarget | undefined
}

export interface CookieWatchers {
  /** Call `onChange` whenever the session cookies differ from what was last seen or written. */
  watch(onChange: () => void): () => void
  /** The store itself just wrote: what the cookies hold now is nobody else's change. */
  wrote(): void
}

/**
 * The watchers of one cookie store. `read` gives the session's cookies as one string (it
 * may throw, as `document.cookie` does in a sandboxed iframe: nothing is reported then);
 * `sources` is asked when a watch starts, so creating a store needs no page.
 */
export function createCookieWatchers(
  read: () => string,
  sources: () => CookieChangeSources,
  interval: number,
): CookieWatchers {
  /** What each watcher saw last, by its check function. */
  const seen = new Map<() => void, string | undefined>()
  const current = () => {
    try {
      return read()
    } catch {
      return undefined
    }
  }
  return {
    wrote() {
      const now = current()
      for (const check of seen.keys()) seen.set(check, now)
    },
    watch(onChange) {
      const check = () => {
        const now = current()
        if (now === undefined || now === seen.get(check)) return
        seen.set(check, now)
        onChange()
      }
      seen.set(check, current())
      const { cookieStore, window, document } = sources()
      const listening: [EventTarget | undefined, string][] = [
        [cookieStore, 'change'],
        [window, 'focus'],
        [window, 'pageshow'],
        [document, 'visibilitychange'],
      ]
      for (const [target, type] of listening) target?.addEventListener(type, check)
      // With change events there is nothing to poll for.
      const timer =
        cookieStore === undefined && interval > 0 ? setInterval(check, interval) : undefined
      return () => {
        seen.delete(check)
        for (const [target, type] of listening) target?.removeEventListener(type, check)
        clearInterval(timer)
      }
    },
  }
}
