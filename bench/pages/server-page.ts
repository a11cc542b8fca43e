/**
 * What every page of the server first-visit benchmark does, whatever keeps its session:
 * on load it calls Wix once with its token (the mock's `/v1/whoami`, as a client
 * component loading the cart would), and `window.serverPage.callWix()` does it again
 * when the benchmark asks (a click). Each call says whose token it used, by the mock's
 * word. URL parameters: clientId, tokenUrl, mock (the mock server's base URL),
 * refreshMargin.
 */

export interface WixCall {
  /** The visitor the token belongs to; `null` when it failed. */
  visitorId: string | null
  /** What failed, without any token: `whoami 401`, or the error's name. */
  error: string | null
}

export const params = new URL(location.href).searchParams
export const clientId = params.get('clientId') ?? 'mock-client-id'
export const mockUrl = params.get('mock') ?? ''

/**
 * `@wix/sdk` only ever posts to https://www.wixapis.com: the page's `fetch` sends those
 * requests to the mock server instead, before any client is created.
 */
export function routeWixApiToMock(): void {
  const pageFetch = window.fetch.bind(window)
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return pageFetch(url.replace('https://www.wixapis.com', mockUrl), init)
  }
}

/** Call Wix with `getToken()`'s token now, and whenever the benchmark asks. */
export function runServerPage(getToken: () => Promise<string>): void {
  const callWix = async (): Promise<WixCall> => {
    try {
      const token = await getToken()
      const response = await fetch(`${mockUrl}/v1/whoami`, { headers: { authorization: token } })
      if (!response.ok) return { visitorId: null, error: `whoami ${response.status}` }
      const { visitorId } = (await response.json()) as { visitorId: string }
      return { visitorId, error: null }
    } catch (error) {
      return { visitorId: null, error: error instanceof Error ? error.name : 'thrown' }
    }
  }
  window.serverPage = { callWix }
  void callWix().then((call) => {
    window.serverPageFirstCall = call
  })
}

declare global {
  interface Window {
    serverPage: { callWix(): Promise<WixCall> }
    serverPageFirstCall?: WixCall
  }
}
