/**
 * `session.fetch`: an ofetch instance that authorises every request with the session's
 * access token and, when a request is answered 401, refreshes once and tries once more.
 */
import { createFetch } from 'ofetch'

export interface SessionFetchDeps {
  /** A token valid right now. */
  getAccessToken: () => Promise<string>
  /** The server rejected this token: make sure the next `getAccessToken()` gives another. */
  replaceRejectedToken: (rejected: string) => Promise<unknown>
  fetch?: typeof globalThis.fetch
}

/**
 * Build the authorised fetch. Wix takes the raw access token in `Authorization`, with no
 * `Bearer ` prefix. Only a 401 is retried, and only once, after one refresh; a request
 * that already carries its own `retry` or `retryStatusCodes` keeps them.
 */
export function createSessionFetch(deps: SessionFetchDeps) {
  return createFetch({
    fetch: (input, init) => (deps.fetch ?? globalThis.fetch)(input, init),
    defaults: {
      retry: 1,
      retryStatusCodes: [401],
      retryDelay: 0,
      async onRequest({ options }) {
        options.headers.set('Authorization', await deps.getAccessToken())
      },
      async onResponseError({ response, options }) {
        // `retry` counts down: on the last attempt there is nothing left to refresh for.
        if (response.status !== 401 || !(typeof options.retry === 'number' && options.retry > 0))
          return
        const rejected = options.headers.get('Authorization')
        if (rejected) await deps.replaceRejectedToken(rejected)
      },
    },
  })
}
