/**
 * Wix's Redirects API: the URL of Wix's login page for a PKCE login, and of its logout
 * page. ref: ../shared/reference/wix-members.md §1–2 (read off `@wix/sdk`'s OAuthStrategy).
 */
import { SessionError } from '../errors'
import { postToWix, stringAt, type WixCall } from './wix-rest'

/** Where both kinds of redirect session are created. */
export const REDIRECT_SESSION_PATH = '/_api/redirects-api/v1/redirect-session'

/** Wix's connection IDs of the social logins it names. */
const IDENTITY_PROVIDERS: Record<string, string> = {
  google: '0e6a50f5-b523-4e29-990d-f37fa2ffdd69',
  facebook: '3ecad13f-52c3-483d-911f-31dbcf2a6d23',
}

/** How Wix answers a login: in the query, in the fragment, or posted to the parent frame. */
export type ResponseMode = 'query' | 'fragment' | 'web_message'

export interface LoginSessionRequest {
  clientId: string
  /** `null` for a `web_message` login, which has no redirect. */
  redirectUri: string | null
  codeChallenge: string
  state: string
  responseMode: ResponseMode
  prompt: 'login' | 'none'
  /** `google`, `facebook`, or a connection ID. */
  idp?: string
  /** From a custom login: the member is already known to Wix. */
  sessionToken?: string
}

type Call = Omit<WixCall, 'path' | 'body' | 'what'>

/** The URL of Wix's login page for this request. */
export async function createLoginSession(call: Call, request: LoginSessionRequest) {
  const authRequest = {
    ...(request.redirectUri === null ? {} : { redirectUri: request.redirectUri }),
    clientId: request.clientId,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: 'S256',
    responseMode: request.responseMode,
    responseType: 'code',
    // What makes Wix issue a refresh token with the member's access token.
    scope: 'offline_access',
    state: request.state,
    ...(request.sessionToken === undefined ? {} : { sessionToken: request.sessionToken }),
    ...(request.idp === undefined ? {} : { idp: IDENTITY_PROVIDERS[request.idp] ?? request.idp }),
  }
  const answer = await postToWix({
    ...call,
    path: REDIRECT_SESSION_PATH,
    body: { auth: { authRequest, prompt: request.prompt } },
    what: 'Creating the login URL',
    secrets: request.sessionToken === undefined ? [] : [request.sessionToken],
  })
  return fullUrlOf(answer, 'Creating the login URL')
}

/** The URL of Wix's logout page, returning to `postFlowUrl`. */
export async function createLogoutSession(call: Call, clientId: string, postFlowUrl: string) {
  const answer = await postToWix({
    ...call,
    path: REDIRECT_SESSION_PATH,
    body: { logout: { clientId }, callbacks: { postFlowUrl } },
    what: 'Creating the logout URL',
  })
  return fullUrlOf(answer, 'Creating the logout URL')
}

function fullUrlOf(answer: Record<string, unknown>, what: string): string {
  const fullUrl = stringAt(answer, ['redirectSession', 'fullUrl'])
  if (fullUrl !== null && isWebUrl(fullUrl)) return fullUrl
  throw new SessionError('bad_response', `${what} failed: the answer has no usable fullUrl`)
}

/** An absolute http(s) URL. */
export function isWebUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol)
  } catch {
    return false
  }
}
