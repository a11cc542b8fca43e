import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, startMockWixServer } from '../../src/testing'
import {
  ADA,
  authRequest,
  CALLBACK,
  callApi,
  createSession,
  pkce,
  visitorToken,
} from './member-client'
import { applicationErrorCode } from './mock-client'
import { useSharedMockServer } from './shared-server'

const server = useSharedMockServer({ members: [ADA], redirectUris: [CALLBACK] })

const loginBody = (overrides = {}, prompt: unknown = 'login') => ({
  auth: { authRequest: authRequest(pkce(), overrides), prompt },
})

function fieldOf(body: Record<string, unknown>): unknown {
  const details = body.details as { validationError?: { fieldViolations: { field: string }[] } }
  return details.validationError?.fieldViolations[0]?.field
}

describe('creating a login redirect session', () => {
  it("answers Wix's shape, with fullUrl on the mock's own login page", async () => {
    const created = await createSession(server(), await visitorToken(server()), loginBody())
    expect(created.status).toBe(200)
    const session = created.body.redirectSession as Record<string, unknown>
    expect(session).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      fullUrl: `${server().url}/__wix/login?session=${session.id}`,
      urlDetails: {
        endpoint: `${server().url}/__wix/login`,
        searchParams: { session: session.id },
      },
      sessionToken: expect.any(String),
      shortUrl: session.fullUrl,
    })
    expect(server().redirectSessionUrl).toBe(
      `${server().url}/_api/redirects-api/v1/redirect-session`,
    )
  })

  it("also answers on the REST reference's path", async () => {
    const answer = await callApi(
      server(),
      '/redirect-session/v1/redirect-session',
      loginBody(),
      await visitorToken(server()),
    )
    expect(answer.status).toBe(200)
    expect(answer.body.redirectSession).toMatchObject({ fullUrl: expect.any(String) })
  })

  it('takes prompt in the case @wix/sdk sends it (login, none) and in upper case', async () => {
    const token = await visitorToken(server())
    for (const prompt of ['login', 'none', 'LOGIN', 'NONE', undefined]) {
      expect((await createSession(server(), token, loginBody({}, prompt))).status).toBe(200)
    }
    expect((await createSession(server(), token, loginBody({}, 'sometimes'))).status).toBe(400)
  })

  it('allows web_message without a redirectUri, but no other response mode', async () => {
    const token = await visitorToken(server())
    const webMessage = loginBody({ responseMode: 'web_message', redirectUri: undefined })
    expect((await createSession(server(), token, webMessage)).status).toBe(200)
    const fragment = loginBody({ responseMode: 'fragment', redirectUri: undefined })
    const refused = await createSession(server(), token, fragment)
    expect(refused.status).toBe(400)
    expect(fieldOf(refused.body)).toBe('auth.authRequest.redirectUri')
  })

  it('refuses a redirectUri that is not exactly allow-listed', async () => {
    const token = await visitorToken(server())
    for (const redirectUri of [`${CALLBACK}/`, `${CALLBACK}?x=1`, 'https://evil.example/cb']) {
      const refused = await createSession(server(), token, loginBody({ redirectUri }))
      expect(refused.status).toBe(400)
      expect(applicationErrorCode(refused.body)).toBe('redirect_uri_not_allowed')
    }
  })

  it('refuses an unknown client ID and an unsupported code challenge method', async () => {
    const token = await visitorToken(server())
    const unknown = await createSession(server(), token, loginBody({ clientId: 'nobody' }))
    expect(unknown.status).toBe(400)
    expect(applicationErrorCode(unknown.body)).toBe('invalid_client')
    const plain = await createSession(server(), token, loginBody({ codeChallengeMethod: 'plain' }))
    expect(plain.status).toBe(400)
    expect(applicationErrorCode(plain.body)).toBe('invalid_request')
    expect(plain.body.message).toMatch(/S256/)
  })

  it('refuses wrong shapes with a validation error naming the field', async () => {
    const token = await visitorToken(server())
    const cases: [unknown, string][] = [
      [{}, 'auth'],
      [{ auth: {} }, 'auth.authRequest'],
      [{ ...loginBody(), logout: { clientId: MOCK_CLIENT_ID } }, 'auth'],
      [loginBody({ responseType: 'token' }), 'auth.authRequest.responseType'],
      [loginBody({ codeChallenge: undefined }), 'auth.authRequest.codeChallenge'],
      [loginBody({ codeChallenge: 'too-short' }), 'auth.authRequest.codeChallenge'],
      [loginBody({ responseMode: 'form_post' }), 'auth.authRequest.responseMode'],
      [loginBody({ state: 42 }), 'auth.authRequest.state'],
      [loginBody({ prompt: 'none' }), 'auth.authRequest.prompt'],
      [{ logout: {} }, 'logout.clientId'],
      [
        { logout: { clientId: MOCK_CLIENT_ID }, callbacks: { postFlowUrl: '/' } },
        'callbacks.postFlowUrl',
      ],
    ]
    for (const [body, field] of cases) {
      const refused = await createSession(server(), token, body)
      expect({ field, status: refused.status }).toEqual({ field, status: 400 })
      expect(fieldOf(refused.body)).toBe(field)
    }
  })

  it('answers a body that is not JSON with 400', async () => {
    const response = await fetch(server().redirectSessionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await visitorToken(server()) },
      body: '{"auth":',
    })
    expect(response.status).toBe(400)
    expect(applicationErrorCode(await response.json())).toBe('invalid_request')
  })
})

describe('who may create a redirect session', () => {
  it('answers 401 without a token, with a Bearer prefix, or with an unknown token', async () => {
    const token = await visitorToken(server())
    const cases: [string | undefined, string][] = [
      [undefined, 'missing'],
      [`Bearer ${token}`, 'bearer_prefix'],
      ['OauthNG.JWS.made-up', 'unknown'],
    ]
    for (const [authorization, reason] of cases) {
      const answer = await callApi(
        server(),
        '/_api/redirects-api/v1/redirect-session',
        loginBody(),
        authorization,
      )
      expect(answer.status).toBe(401)
      expect(answer.body).toMatchObject({ details: { applicationError: { data: { reason } } } })
    }
  })

  it('answers 401 for an expired or revoked token', async () => {
    let now = Date.now()
    const local = await startMockWixServer({ now: () => now, redirectUris: [CALLBACK] })
    try {
      const expired = await visitorToken(local)
      now += 5 * 60 * 60 * 1000
      expect((await createSession(local, expired, loginBody())).status).toBe(401)
      const revoked = await visitorToken(local)
      const visitorId = (await (
        await fetch(local.protectedUrl, { headers: { authorization: revoked } })
      ).json()) as {
        visitorId: string
      }
      local.revokeVisitor(visitorId.visitorId)
      expect((await createSession(local, revoked, loginBody())).status).toBe(401)
    } finally {
      await local.close()
    }
  })
})

describe('creating a logout redirect session', () => {
  it("answers Wix's shape, with fullUrl on the mock's logout page", async () => {
    const body = {
      logout: { clientId: MOCK_CLIENT_ID },
      callbacks: { postFlowUrl: 'http://127.0.0.1:5173/' },
    }
    const created = await createSession(server(), await visitorToken(server()), body)
    expect(created.status).toBe(200)
    const session = created.body.redirectSession as Record<string, unknown>
    expect(session).toMatchObject({
      fullUrl: `${server().url}/__wix/logout?session=${session.id}`,
      urlDetails: {
        endpoint: `${server().url}/__wix/logout`,
        searchParams: { session: session.id },
      },
    })
  })

  it('refuses an unknown client ID', async () => {
    const created = await createSession(server(), await visitorToken(server()), {
      logout: { clientId: 'nobody' },
    })
    expect(created.status).toBe(400)
    expect(applicationErrorCode(created.body)).toBe('invalid_client')
  })
})
