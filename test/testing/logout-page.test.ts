import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockWixServer } from '../../src/testing'
import {
  ADA,
  CALLBACK,
  cookieOf,
  createSession,
  loginUrl,
  memberTokens,
  pkce,
  submitLogin,
  visit,
} from './member-client'
import { mintVisitor, refresh, whoami } from './mock-client'
import { useSharedMockServer } from './shared-server'

const HOME = 'http://127.0.0.1:5173/'
const server = useSharedMockServer({ members: [ADA], redirectUris: [CALLBACK] })

async function logoutUrl(target: MockWixServer, token: string, postFlowUrl?: string) {
  const callbacks = postFlowUrl === undefined ? {} : { callbacks: { postFlowUrl } }
  const created = await createSession(target, token, {
    logout: { clientId: MOCK_CLIENT_ID },
    ...callbacks,
  })
  expect(created.status).toBe(200)
  return created.fullUrl
}

describe('the logout page', () => {
  it("ends the member's login: its access and refresh tokens stop working", async () => {
    const tokens = await memberTokens(server())
    const page = await visit(await logoutUrl(server(), tokens.access_token, HOME))
    expect(page.status).toBe(302)
    expect(page.location).toBe(HOME)
    expect(server().requests.at(-1)).toMatchObject({
      endpoint: 'logout-page',
      outcome: 'issued',
      result: 'logged_out',
      memberId: server().memberId(ADA.email),
    })
    expect((await whoami(server(), tokens.access_token)).status).toBe(401)
    expect((await refresh(server(), tokens.refresh_token)).status).toBe(400)
  })

  it('leaves the same member free to log in again', async () => {
    const before = await memberTokens(server())
    await visit(await logoutUrl(server(), before.access_token, HOME))
    const after = await memberTokens(server())
    expect((await whoami(server(), after.access_token)).body).toMatchObject({
      role: 'member',
      visitorId: server().memberId(ADA.email),
    })
  })

  it("clears the browser's login on the mock, so prompt none asks for a login again", async () => {
    const login = await submitLogin(await loginUrl(server(), pkce()), ADA.email, ADA.password)
    const cookie = cookieOf(login.setCookie)
    const tokens = await memberTokens(server())
    const page = await visit(await logoutUrl(server(), tokens.access_token, HOME), {
      headers: { cookie },
    })
    expect(page.setCookie).toMatch(/Max-Age=0/)
    const silent = await visit(await loginUrl(server(), pkce(), {}, 'none'), {
      headers: { cookie },
    })
    expect(silent.params.error).toBe('login_required')
  })

  it("logs a visitor out too: the visitor's tokens stop working", async () => {
    const visitor = await mintVisitor(server())
    await visit(await logoutUrl(server(), visitor.access_token, HOME))
    expect((await whoami(server(), visitor.access_token)).status).toBe(401)
    expect((await refresh(server(), visitor.refresh_token)).status).toBe(400)
  })

  it('says so on a page of its own without a postFlowUrl', async () => {
    const visitor = await mintVisitor(server())
    const page = await visit(await logoutUrl(server(), visitor.access_token))
    expect(page.status).toBe(200)
    expect(page.html).toContain('You are logged out')
  })

  it('works once: a second visit is refused and a made-up session is not found', async () => {
    const visitor = await mintVisitor(server())
    const url = await logoutUrl(server(), visitor.access_token, HOME)
    await visit(url)
    expect((await visit(url)).status).toBe(410)
    expect((await visit(`${server().url}/__wix/logout?session=nope`)).status).toBe(404)
  })

  it('does not treat a login session as a logout one', async () => {
    const tokens = await memberTokens(server())
    const login = new URL(await loginUrl(server(), pkce()))
    expect((await visit(`${server().url}/__wix/logout${login.search}`)).status).toBe(404)
    expect((await whoami(server(), tokens.access_token)).status).toBe(200)
  })
})
