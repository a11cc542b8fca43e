/**
 * From "Wix knows this member" to member tokens in every tab, without leaving the page:
 * a `web_message` login redirect session with `prompt: 'none'` and no `redirectUri`
 * (with the `sessionToken` of a custom login, or without one for a silent login), its
 * page in a hidden iframe, the code it posts exchanged with PKCE, and the tokens imported
 * into the session, which announces them to every tab.
 */
import type { TokenEndpoint } from '../actors/token-endpoint'
import { SessionError } from '../errors'
import type { Session } from '../session-api'
import { exchangeCode, importMember, startLogin } from './login-flow'
import { answerFromLoginFrame, type FrameHost } from './login-frame'
import type { WixCall } from './wix-rest'

/** What a frame login needs from the member auth it belongs to. */
export interface FrameLoginContext {
  session: Session
  endpoint: TokenEndpoint
  /** The Wix API's origin, timeouts and fetch, as for every other call. */
  wix: Omit<WixCall, 'path' | 'body' | 'what' | 'accessToken'>
  /** A visitor's token to authorise the redirect session with. */
  visitorToken(): Promise<string>
  /** Milliseconds Wix's frame may take to answer. */
  loginTimeout: number
}

export interface FrameLogin {
  host: FrameHost
  /** From a custom login's `SUCCESS`; without it, Wix answers from its own login cookie. */
  sessionToken?: string
  signal?: AbortSignal
}

/**
 * `signed_in` once the member's tokens are the session's, or the OAuth error Wix's frame
 * answered with (`login_required`: nobody is logged in on Wix).
 */
export async function loginThroughFrame(
  context: FrameLoginContext,
  login: FrameLogin,
): Promise<'signed_in' | { error: string }> {
  const { session, wix } = context
  const { signal } = login
  const started = await startLogin(
    { ...wix, accessToken: await context.visitorToken(), ...(signal ? { signal } : {}) },
    {
      clientId: session.clientId,
      redirectUri: null,
      responseMode: 'web_message',
      prompt: 'none',
      ...(login.sessionToken === undefined ? {} : { sessionToken: login.sessionToken }),
    },
  )
  const answer = await answerFromLoginFrame(login.host, {
    url: started.fullUrl,
    state: started.state,
    timeout: context.loginTimeout,
    ...(signal ? { signal } : {}),
  })
  if ('error' in answer) return answer
  const tokens = await exchangeCode(
    context.endpoint,
    { code: answer.code, codeVerifier: started.codeVerifier, redirectUri: null },
    signal,
  )
  await importMember(session, tokens)
  return 'signed_in'
}

/** The error of a frame that answered a custom login's session token with an OAuth error. */
export function frameLoginError(error: string): SessionError {
  // The code is Wix's; it is shown only when it looks like one (never free text).
  const code = /^[a-z_]{1,64}$/.test(error) ? ` (${error})` : ''
  return new SessionError(
    'login_failed',
    `Wix's login frame did not log the member in${code}; log in again`,
  )
}
