// Speaks to a mock server over real HTTP, the way a client of Wix would.
import type { MockTokenResponse, MockWixServer } from '../../src/testing'
import { MOCK_CLIENT_ID } from '../../src/testing'

export type Encoding = 'json' | 'form'

export function postToken(
  server: MockWixServer,
  fields: Record<string, string>,
  encoding: Encoding = 'json',
  init: RequestInit = {},
): Promise<Response> {
  const body = encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString()
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    ...init,
  })
}

/** The anonymous grant as Wix documents it: JSON, camelCase. */
export function anonymousGrant(
  server: MockWixServer,
  clientId = MOCK_CLIENT_ID,
): Promise<Response> {
  return postToken(server, { clientId, grantType: 'anonymous' })
}

export async function mintVisitor(
  server: MockWixServer,
  clientId = MOCK_CLIENT_ID,
): Promise<MockTokenResponse> {
  const response = await anonymousGrant(server, clientId)
  if (response.status !== 200) throw new Error(`anonymous grant failed: ${response.status}`)
  return (await response.json()) as MockTokenResponse
}

/** Refreshes the way `@wix/sdk` does: `refresh_token` beside `grantType`, no client ID. */
export function refresh(
  server: MockWixServer,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postToken(server, { refresh_token: refreshToken, grantType: 'refresh_token', ...extra })
}

/** A refresh whose client gives up after `abortAfterMs`; resolves to the fetch error. */
export function abandonedRefresh(
  server: MockWixServer,
  refreshToken: string,
  abortAfterMs: number,
): Promise<unknown> {
  const fields = { refresh_token: refreshToken, grantType: 'refresh_token' }
  const signal = AbortSignal.timeout(abortAfterMs)
  return postToken(server, fields, 'json', { signal }).then(
    () => {
      throw new Error('the abandoned request was answered')
    },
    (error: unknown) => error,
  )
}

export async function whoami(
  server: MockWixServer,
  authorization?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = authorization ? { authorization } : {}
  const response = await fetch(server.protectedUrl, { headers })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

export async function tokenInfo(
  server: MockWixServer,
  token: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(server.tokenInfoUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  return (await response.json()) as Record<string, unknown>
}

/** Polls until `check` passes: the server notices a client leaving a moment after it does. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function applicationErrorCode(body: unknown): unknown {
  return (body as { details?: { applicationError?: { code?: unknown } } }).details?.applicationError
    ?.code
}
