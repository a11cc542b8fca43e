/**
 * The official `@wix/sdk`, unchanged, in a page: its calls to https://www.wixapis.com go to
 * the mock server named by `?mock=`, through a `window.fetch` replaced before the client
 * is created. The test drives it through `window.wixSdkPage`.
 */
import { createClient, OAuthStrategy } from '@wix/sdk'

const params = new URLSearchParams(location.search)
const mockUrl = params.get('mock') ?? ''
const clientId = params.get('clientId') ?? ''

const pageFetch = window.fetch.bind(window)
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  return pageFetch(url.replace('https://www.wixapis.com', mockUrl), init)
}

export interface DirectLoginOutcome {
  loginState: string
  role: string | null
  /** Who the mock says the member tokens belong to. */
  whoami: { visitorId?: string; role?: string } | null
  /** How many iframes the SDK left in the page (it removes its own). */
  frames: number
}

const page = {
  /** `login()` then `getMemberTokensForDirectLogin()`: custom login through the iframe. */
  async directLogin(email: string, password: string): Promise<DirectLoginOutcome> {
    const wix = createClient({ auth: OAuthStrategy({ clientId }) })
    const login = await wix.auth.login({ email, password })
    if (login.loginState !== 'SUCCESS') {
      return { loginState: login.loginState, role: null, whoami: null, frames: 0 }
    }
    const tokens = await wix.auth.getMemberTokensForDirectLogin(login.data.sessionToken)
    const answer = await fetch(`${mockUrl}/v1/whoami`, {
      headers: { Authorization: tokens.accessToken.value },
    })
    return {
      loginState: login.loginState,
      role: tokens.refreshToken.role,
      whoami: (await answer.json()) as DirectLoginOutcome['whoami'],
      frames: document.querySelectorAll('iframe').length,
    }
  },
}

declare global {
  interface Window {
    wixSdkPage: typeof page
  }
}
window.wixSdkPage = page
