/**
 * Wix-managed login and logout through `headless-session/members`, in Node, against the
 * mock Wix server over HTTP: the PKCE round trip through the mock's login page, every way
 * a callback can be wrong, and logout.
 */
import { describe, expect, it } from 'vitest'
import { isSessionError } from '../../src/errors'
import { whoami } from '../support/session-fixture'
import { CALLBACK, calls, followToCallback, memberScene, rejection } from './support'

const code = (callback: string) =>
  new URLSearchParams(new URL(callback).hash.slice(1)).get('code') ?? ''

describe('a managed login round trip', () => {
  it('logs the member in with one redirect session and one code exchange', async () => {
    const { server, session, members, pendingLogin } = await memberScene()
    const visitor = await session.getTokens()
    server.clearRequests()

    const url = await members.loginUrl({ returnTo: '/account/orders?tab=1' })
    expect(new URL(url).origin).toBe(server.url)
    expect(pendingLogin.peek()?.returnTo).toBe('/account/orders?tab=1')
    const callback = await followToCallback(url)
    expect(callback.startsWith(`${CALLBACK}#`)).toBe(true)

    expect(await members.completeLogin(callback)).toEqual({ returnTo: '/account/orders?tab=1' })
    const member = await session.getTokens()
    expect(member.role).toBe('member')
    expect(member.sessionId).not.toBe(visitor.sessionId)
    expect((await whoami(server, member.accessToken)).body.role).toBe('member')
    expect(calls(server)).toEqual(['redirect-session', 'login-page', 'token:authorization_code'])
    expect(pendingLogin.peek()).toBeUndefined()
  })

  it('sends an unbiased 64-character verifier and its S256 challenge, and a fresh state', async () => {
    const { members, pendingLogin } = await memberScene()
    const states = new Set<string>()
    for (let round = 0; round < 5; round += 1) {
      await members.loginUrl()
      const pending = pendingLogin.peek()
      expect(pending?.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/)
      states.add(pending?.state ?? '')
    }
    expect(states.size).toBe(5)
  })

  it('asks Wix for the code in the query when told to', async () => {
    const { members } = await memberScene()
    const callback = await followToCallback(await members.loginUrl({ responseMode: 'query' }))
    expect(new URL(callback).searchParams.get('code')).not.toBeNull()
    await members.completeLogin(callback)
  })

  it('refuses a returnTo on another origin before asking Wix anything', async () => {
    const { server, members } = await memberScene()
    server.clearRequests()
    for (const returnTo of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      expect(
        isSessionError(await rejection(members.loginUrl({ returnTo })), 'invalid_return_to'),
      ).toBe(true)
    }
    expect(server.requests).toHaveLength(0)
  })

  it('gets a login URL for a member whose session ended, without minting a visitor for the session', async () => {
    const { server, session, members } = await memberScene()
    await members.completeLogin(await followToCallback(await members.loginUrl()))
    server.revokeRefreshToken((await session.getTokens()).refreshToken)
    await rejection(session.refresh())
    expect(session.snapshot.error?.code).toBe('member_session_ended')

    await members.completeLogin(await followToCallback(await members.loginUrl()))
    expect((await session.getTokens()).role).toBe('member')
  })
})

describe('a login callback that is wrong in any way leaves the session as it was', () => {
  async function started() {
    const scene = await memberScene()
    const before = await scene.session.getTokens()
    const callback = await followToCallback(await scene.members.loginUrl())
    return { ...scene, before, callback }
  }

  async function expectUnchanged(
    scene: Awaited<ReturnType<typeof started>>,
    error: unknown,
    expected: string,
  ) {
    expect(isSessionError(error, expected as never)).toBe(true)
    const now = await scene.session.getTokens()
    expect(now.sessionId).toBe(scene.before.sessionId)
    expect(now.role).toBe('visitor')
    // Nothing secret in what the app is told.
    const said = `${String(error)} ${JSON.stringify(error)}`
    expect(said).not.toContain(code(scene.callback))
    expect(said).not.toContain(scene.before.accessToken)
  }

  it('refuses a forged state and keeps the login in progress usable', async () => {
    const scene = await started()
    const forged = scene.callback.replace(/state=[^&]+/, 'state=forged-by-someone')
    await expectUnchanged(
      scene,
      await rejection(scene.members.completeLogin(forged)),
      'login_state_mismatch',
    )
    await scene.members.completeLogin(scene.callback)
    expect((await scene.session.getTokens()).role).toBe('member')
  })

  it('refuses a callback with no state, and one when no login was started', async () => {
    const scene = await started()
    const stateless = scene.callback.replace(/&?state=[^&]+/, '')
    await expectUnchanged(
      scene,
      await rejection(scene.members.completeLogin(stateless)),
      'login_state_mismatch',
    )
    await scene.pendingLogin.delete()
    await expectUnchanged(
      scene,
      await rejection(scene.members.completeLogin(scene.callback)),
      'login_state_mismatch',
    )
  })

  it('refuses a replayed callback', async () => {
    const scene = await started()
    await scene.members.completeLogin(scene.callback)
    const member = await scene.session.getTokens()
    const replayed = await rejection(scene.members.completeLogin(scene.callback))
    expect(isSessionError(replayed, 'login_state_mismatch')).toBe(true)
    expect((await scene.session.getTokens()).sessionId).toBe(member.sessionId)
  })

  it('refuses a used code brought back under a new login', async () => {
    const scene = await started()
    await scene.members.completeLogin(scene.callback)
    const member = await scene.session.getTokens()
    const second = await followToCallback(await scene.members.loginUrl())
    const reused = second.replace(/code=[^&]+/, `code=${code(scene.callback)}`)
    const error = await rejection(scene.members.completeLogin(reused))
    expect(isSessionError(error, 'login_code_rejected')).toBe(true)
    expect((await scene.session.getTokens()).sessionId).toBe(member.sessionId)
  })

  it('refuses a code swapped in from another login (PKCE)', async () => {
    const scene = await started()
    // The code of the first login, under the state of a second one.
    const second = await followToCallback(await scene.members.loginUrl())
    const swapped = second.replace(/code=[^&]+/, `code=${code(scene.callback)}`)
    await expectUnchanged(
      scene,
      await rejection(scene.members.completeLogin(swapped)),
      'login_code_rejected',
    )
  })

  it('refuses a callback that comes after the login expired', async () => {
    let offset = 0
    const scene = await memberScene({}, { now: () => Date.now() + offset })
    const before = await scene.session.getTokens()
    const callback = await followToCallback(await scene.members.loginUrl())
    offset = 11 * 60 * 1000
    const error = await rejection(scene.members.completeLogin(callback))
    expect(isSessionError(error, 'login_expired')).toBe(true)
    expect((await scene.session.getTokens()).sessionId).toBe(before.sessionId)
  })

  it('says the member cancelled when they used the cancel link', async () => {
    const scene = await memberScene({ autoLogin: undefined })
    const before = await scene.session.getTokens()
    const page = await fetch(await scene.members.loginUrl())
    const cancel = /href="([^"]*cancel[^"]*)"/.exec(await page.text())?.[1]
    expect(cancel).toBeDefined()
    const callback = await followToCallback(
      new URL(cancel?.replaceAll('&amp;', '&') ?? '', scene.server.url).href,
    )
    const error = await rejection(scene.members.completeLogin(callback))
    expect(isSessionError(error, 'login_cancelled')).toBe(true)
    expect((await scene.session.getTokens()).sessionId).toBe(before.sessionId)
  })

  it('says nobody is logged in for prompt none without a Wix login', async () => {
    const scene = await memberScene({ autoLogin: undefined })
    const callback = await followToCallback(await scene.members.loginUrl({ prompt: 'none' }))
    const error = await rejection(scene.members.completeLogin(callback))
    expect(isSessionError(error, 'login_required')).toBe(true)
  })
})

describe('logout', () => {
  it("ends the member's session at Wix and makes the session a new visitor", async () => {
    const { server, session, members } = await memberScene()
    await members.completeLogin(await followToCallback(await members.loginUrl()))
    const member = await session.getTokens()
    server.clearRequests()

    const url = await members.logoutUrl({ postFlowUrl: 'http://127.0.0.1:5173/' })
    const visitor = await session.getTokens()
    expect(visitor.role).toBe('visitor')
    expect(visitor.sessionId).not.toBe(member.sessionId)
    expect(calls(server)).toEqual(['redirect-session', 'token:anonymous'])

    expect(await followToCallback(url)).toBe('http://127.0.0.1:5173/')
    expect((await whoami(server, member.accessToken)).status).toBe(401)
    expect((await whoami(server, visitor.accessToken)).status).toBe(200)
  })

  it('still forgets the member here when Wix cannot be reached, and says so', async () => {
    const { server, session, members } = await memberScene()
    await members.completeLogin(await followToCallback(await members.loginUrl()))
    server.injectFault({ endpoint: 'redirect-session', status: 503 })
    const error = await rejection(members.logoutUrl({ postFlowUrl: 'http://127.0.0.1:5173/' }))
    expect(isSessionError(error, 'logout_incomplete')).toBe(true)
    expect((await session.getTokens()).role).toBe('visitor')
  })

  it('refuses a postFlowUrl that is not a web URL', async () => {
    const { members } = await memberScene()
    await expect(members.logoutUrl({ postFlowUrl: 'javascript:alert(1)' })).rejects.toThrow(
      TypeError,
    )
  })
})

describe('in Node', () => {
  it('needs a place to keep the pending login where there is no sessionStorage', async () => {
    const { createMemberAuth } = await import('../../src/members/index')
    const { session } = await memberScene()
    expect(() => createMemberAuth(session, { redirectUri: CALLBACK })).toThrow(/pendingLogin/)
  })
})
