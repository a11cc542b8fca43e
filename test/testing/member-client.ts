// Speaks the member side of the mock over real HTTP, the way an app (or @wix/sdk) would.
import { createHash, randomBytes } from 'node:crypto'
import { MOCK_CLIENT_ID, type MockTokenResponse, type MockWixServer } from '../../src/testing'
import { mintVisitor, postToken } from './mock-client'

export const CALLBACK = 'http://127.0.0.1:5173/callback'
export const ADA = { email: 'ada@example.com', password: 'analytical' }

export interface Pkce {
  verifier: string
  challenge: string
  state: string
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  return { verifier, challenge, state: randomBytes(32).toString('base64url') }
}

export interface JsonAnswer {
  status: number
  body: Record<string, unknown>
}

/** POST a JSON body to a Wix API path with the raw token in Authorization. */
export async function callApi(
  server: MockWixServer,
  path: string,
  body: unknown,
  authorization?: string,
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (authorization !== undefined) headers.authorization = authorization
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

export async function visitorToken(server: MockWixServer): Promise<string> {
  return (await mintVisitor(server)).access_token
}

export type AuthRequest = Record<string, unknown>

/** The auth request `@wix/sdk` sends, with `overrides` (undefined removes a field). */
export function authRequest(codes: Pkce, overrides: AuthRequest = {}): AuthRequest {
  const request: AuthRequest = {
    redirectUri: CALLBACK,
    clientId: MOCK_CLIENT_ID,
    codeChallenge: codes.challenge,
    codeChallengeMethod: 'S256',
    responseMode: 'query',
    responseType: 'code',
    scope: 'offline_access',
    state: codes.state,
    ...overrides,
  }
  for (const [key, value] of Object.entries(request)) if (value === undefined) delete request[key]
  return request
}

export interface CreatedSession {
  status: number
  body: Record<string, unknown>
  fullUrl: string
}

export async function createSession(
  server: MockWixServer,
  token: string,
  body: unknown,
): Promise<CreatedSession> {
  const answer = await callApi(server, '/_api/redirects-api/v1/redirect-session', body, token)
  const session = answer.body.redirectSession as { fullUrl?: string } | undefined
  return { ...answer, fullUrl: session?.fullUrl ?? '' }
}

/** A login URL for these PKCE values; fails the test if the mock refuses it. */
export async function loginUrl(
  server: MockWixServer,
  codes: Pkce,
  overrides: AuthRequest = {},
  prompt = 'login',
  token?: string,
): Promise<string> {
  const body = { auth: { authRequest: authRequest(codes, overrides), prompt } }
  const created = await createSession(server, token ?? (await visitorToken(server)), body)
  if (created.status !== 200) throw new Error(`redirect session refused: ${created.status}`)
  return created.fullUrl
}

/** A page request that does not follow redirects: the status, Location and body. */
export async function visit(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { redirect: 'manual', ...init })
  const location = response.headers.get('location')
  return {
    status: response.status,
    location,
    /** The answer's parameters: query or fragment of Location, whichever has them. */
    params: paramsOf(location),
    setCookie: response.headers.get('set-cookie'),
    html: await response.text(),
  }
}

export function paramsOf(location: string | null): Record<string, string> {
  if (!location) return {}
  const url = new URL(location)
  const source = url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams
  return Object.fromEntries(source)
}

/** Submits the login form of a session URL, as a browser would. */
export function submitLogin(fullUrl: string, email: string, password: string, cookie?: string) {
  const url = new URL(fullUrl)
  const session = url.searchParams.get('session') ?? ''
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (cookie) headers.cookie = cookie
  return visit(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ session, email, password }).toString(),
  })
}

/** The `name=value` part of a Set-Cookie header, to send back as Cookie. */
export function cookieOf(setCookie: string | null): string {
  return setCookie?.split(';')[0] ?? ''
}

export async function exchangeCode(
  server: MockWixServer,
  fields: Record<string, string>,
  encoding: 'json' | 'form' = 'json',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await postToken(server, fields, encoding)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Logs a member in through the login page (auto-login or form) and exchanges the code. */
export async function memberTokens(
  server: MockWixServer,
  member = ADA,
): Promise<MockTokenResponse> {
  const codes = pkce()
  const page = await submitLogin(await loginUrl(server, codes), member.email, member.password)
  const { status, body } = await exchangeCode(server, {
    clientId: MOCK_CLIENT_ID,
    grantType: 'authorization_code',
    redirectUri: CALLBACK,
    code: page.params.code ?? '',
    codeVerifier: codes.verifier,
  })
  if (status !== 200) throw new Error(`code exchange failed: ${status}`)
  return body as unknown as MockTokenResponse
}
