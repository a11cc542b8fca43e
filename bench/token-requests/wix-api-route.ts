/**
 * `@wix/sdk` always posts to https://www.wixapis.com/oauth2/token and takes no fetch of
 * its own, so while the baseline runs, a fetch shim sends its requests to a local mock
 * server instead. Several baselines run at once, each against its own server: each
 * `OAuthStrategy` names its server in a header it adds to its token requests.
 */
import type { MockWixServer } from '../../src/testing/index'

const WIX_API = 'https://www.wixapis.com'
const ROUTE_HEADER = 'x-bench-mock-server'

/** Token request headers that send one `OAuthStrategy`'s requests to `server`. */
export function routeTo(server: MockWixServer): Record<string, string> {
  return { [ROUTE_HEADER]: server.url }
}

/** Route `@wix/sdk`'s requests by their header until the returned function is called. */
export function installWixApiRoute(): () => void {
  const realFetch = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith(WIX_API)) return realFetch(input, init)
    const target = new Headers(init?.headers).get(ROUTE_HEADER)
    if (target === null) throw new Error(`no mock server named for ${url}`)
    return realFetch(target + url.slice(WIX_API.length), init)
  }
  return () => {
    globalThis.fetch = realFetch
  }
}
