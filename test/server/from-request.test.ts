/**
 * `fromRequest()` in every case a request can bring, against the mock Wix server over
 * HTTP with a clock the test moves: a valid cookie costs no request, an expired one one
 * refresh for the same visitor or member, anything unusable a new visitor (never a throw),
 * and a member whose refresh is refused a typed error that marks the cookie ended.
 */
import { describe, expect, it } from 'vitest'
import { SESSION_STEP } from '../../machines/token-order'
import { isServerSessionError, type ServerSession } from '../../src/server/index'
import { decodeSessionCookies } from '../../src/storage/cookie-codec'
import { decodeRecord } from '../../src/storage/record'
import { MOCK_CLIENT_ID } from '../../src/testing/index'
import {
  HOSTILE_RECORDS,
  protoKeyedRecord,
  prototypesPolluted,
} from '../resilience/support/hostile-records'
import { cookieOf, grants, HOUR, memberTokens, requestWith, serverStage } from './support'

const base64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** The record a browser holding these `Set-Cookie` values would read. */
function recordIn(setCookie: readonly string[]) {
  const jar = new Map<string, string>()
  for (const header of setCookie) {
    const [pair = ''] = header.split(';')
    const equals = pair.indexOf('=')
    jar.set(pair.slice(0, equals), pair.slice(equals + 1))
  }
  const read = decodeSessionCookies(jar)
  return read.kind === 'record' ? read.value : undefined
}

async function rejection(work: Promise<ServerSession>) {
  try {
    await work
  } catch (error) {
    return error
  }
  throw new Error('fromRequest() resolved')
}

describe('a request with no usable cookie', () => {
  it('without a cookie: a new visitor, written to the cookie', async () => {
    const { server, sessions, request } = await serverStage()
    const session = await sessions.fromRequest(request())
    expect(session).toMatchObject({
      source: 'minted',
      role: 'visitor',
      replaced: false,
      warning: null,
    })
    expect(session.accessToken).toMatch(/^OauthNG\.JWS\./)
    expect(grants(server)).toEqual(['anonymous'])
    expect(session.setCookie).toEqual([
      expect.stringMatching(
        /^headless-session=b64u\.[\w-]+; Path=\/; Max-Age=2592000; SameSite=Lax$/,
      ),
    ])
    const decoded = decodeRecord(recordIn(session.setCookie), MOCK_CLIENT_ID)
    expect(decoded).toMatchObject({ kind: 'valid', tokens: session.tokens, ended: false })
    expect(session.tokens.generation).toBe(SESSION_STEP)
  })

  const UNUSABLE: [string, string, string][] = [
    ['a value of another format', 'headless-session=eyJhbGciOiJub25lIn0', 'corrupt_record'],
    ['garbage base64url', 'headless-session=b64u.%%%', 'corrupt_record'],
    ['bytes that are not UTF-8', 'headless-session=b64u.__79', 'corrupt_record'],
    [
      'a chunk gone missing',
      'headless-session.0=3.0123abcd.b64u.eyJ2; headless-session.2=3.0123abcd.MX0',
      'corrupt_record',
    ],
    ['a chunk numbered 10^12', 'headless-session.1000000000000=b64u.e30', 'corrupt_record'],
    ['a cookie of 100 kB', `headless-session=b64u.${'A'.repeat(100_000)}`, 'corrupt_record'],
    ...HOSTILE_RECORDS.map((hostile): [string, string, string] => [
      `a well-encoded record holding ${hostile.name}`,
      `headless-session=b64u.${base64url(hostile.text)}`,
      hostile.warning,
    ]),
  ]

  it.each(UNUSABLE)(
    '%s: a new visitor and a warning, never a throw',
    async (_name, cookie, warning) => {
      const { server, sessions } = await serverStage()
      const session = await sessions.fromRequest(requestWith(cookie))
      expect(session.source).toBe('minted')
      expect(session.warning?.code).toBe(warning)
      expect(session.warning?.message).not.toContain('stored-access')
      expect(grants(server)).toEqual(['anonymous'])
      // The damaged cookies are replaced: the single cookie set, every chunk deleted.
      const names = new Set(cookie.split('; ').map((pair) => pair.slice(0, pair.indexOf('='))))
      for (const name of names) {
        if (name !== 'headless-session') {
          expect(session.setCookie).toContainEqual(
            expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')}=; .*Max-Age=0`)),
          )
        }
      }
      expect(prototypesPolluted()).toBe(false)
    },
  )

  it("another client's cookie is not used (a new visitor), nor is the other client's session deleted by name", async () => {
    const { server, clock, sessions } = await serverStage()
    const theirs = {
      sessionId: 'theirs',
      accessToken: 'OauthNG.JWS.theirs',
      refreshToken: 'JWS.theirs',
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      role: 'visitor' as const,
    }
    const session = await sessions.fromRequest(
      requestWith(cookieOf(theirs, { clientId: 'another-client' })),
    )
    expect(session).toMatchObject({ source: 'minted', warning: { code: 'corrupt_record' } })
    expect(session.accessToken).not.toBe(theirs.accessToken)
    expect(grants(server)).toEqual(['anonymous'])
  })
})

describe('a request with a valid cookie', () => {
  it('is served from the cookie with no token request and no Set-Cookie', async () => {
    const { server, sessions, request, store } = await serverStage()
    const first = await sessions.fromRequest(request())
    store(first.setCookie)
    const second = await sessions.fromRequest(request())
    expect(second).toMatchObject({
      source: 'cookie',
      setCookie: [],
      accessToken: first.accessToken,
    })
    expect(second.tokens).toEqual(first.tokens)
    expect(grants(server)).toEqual(['anonymous'])
  })

  it('keeps using the token until the server margin (60 s) before expiry, then refreshes it for the same visitor', async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    clock.advance(4 * HOUR - 61_000)
    expect((await sessions.fromRequest(request())).source).toBe('cookie')
    clock.advance(2_000)
    const refreshed = await sessions.fromRequest(request())
    expect(refreshed.source).toBe('refreshed')
    expect(refreshed.tokens.sessionId).toBe(minted.tokens.sessionId)
    expect(refreshed.tokens.generation).toBe(SESSION_STEP + 1)
    expect(refreshed.accessToken).not.toBe(minted.accessToken)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
    expect(decodeRecord(recordIn(refreshed.setCookie), MOCK_CLIENT_ID)).toMatchObject({
      kind: 'valid',
      tokens: refreshed.tokens,
    })
  })

  it('an expired member is refreshed as the same member', async () => {
    const { server, clock, sessions } = await serverStage()
    const member = memberTokens(server, clock.now())
    clock.advance(5 * HOUR)
    const session = await sessions.fromRequest(requestWith(cookieOf(member)))
    expect(session).toMatchObject({ source: 'refreshed', role: 'member', replaced: false })
    expect(session.tokens.sessionId).toBe(member.sessionId)
    expect(grants(server)).toEqual(['refresh_token'])
  })

  it('reads a record held in chunks and, refreshed smaller, deletes the chunks', async () => {
    const { server, clock, sessions } = await serverStage()
    const minted = await sessions.fromRequest(requestWith(''))
    const big = { ...minted.tokens, accessToken: `OauthNG.JWS.${'a'.repeat(6_000)}` }
    const cookie = cookieOf(big)
    const chunks = cookie.split('; ').map((pair) => pair.slice(0, pair.indexOf('=')))
    expect(chunks).toEqual(['headless-session.0', 'headless-session.1', 'headless-session.2'])
    const served = await sessions.fromRequest(requestWith(cookie))
    expect(served).toMatchObject({ source: 'cookie', accessToken: big.accessToken })

    clock.advance(5 * HOUR)
    const refreshed = await sessions.fromRequest(requestWith(cookie))
    expect(refreshed.source).toBe('refreshed')
    expect(refreshed.setCookie).toEqual([
      expect.stringMatching(/^headless-session=b64u\./),
      ...chunks.map((name) => expect.stringMatching(new RegExp(`^${name}=; Path=/; Max-Age=0`))),
    ])
    expect(grants(server)).toEqual(['anonymous', 'refresh_token'])
  })

  it('a record wrapped in prototype keys is used as the tokens it holds, and pollutes nothing', async () => {
    const { server, clock, sessions } = await serverStage()
    const tokens = {
      sessionId: 'proto',
      accessToken: 'OauthNG.JWS.proto',
      refreshToken: 'JWS.proto',
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR,
      role: 'visitor',
    }
    const session = await sessions.fromRequest(
      requestWith(`headless-session=b64u.${base64url(protoKeyedRecord(tokens))}`),
    )
    expect(session).toMatchObject({ source: 'cookie', accessToken: 'OauthNG.JWS.proto' })
    expect(Object.keys(session.tokens).sort()).toEqual([
      'accessToken',
      'expiresAt',
      'issuedAt',
      'refreshToken',
      'role',
      'sessionId',
    ])
    expect(prototypesPolluted()).toBe(false)
    expect(grants(server)).toEqual([])
  })
})

describe('a refresh Wix refuses', () => {
  it("a visitor's: a new visitor, said so (replaced), outranking the old one for the open tabs", async () => {
    const { server, clock, sessions, request, store } = await serverStage()
    const minted = await sessions.fromRequest(request())
    store(minted.setCookie)
    server.revokeRefreshToken(minted.tokens.refreshToken)
    clock.advance(5 * HOUR)
    const session = await sessions.fromRequest(request())
    expect(session).toMatchObject({ source: 'refreshed', replaced: true, role: 'visitor' })
    expect(session.tokens.sessionId).not.toBe(minted.tokens.sessionId)
    expect(session.tokens.generation).toBeGreaterThan(minted.tokens.generation ?? 0)
    expect(grants(server)).toEqual(['anonymous', 'refresh_token', 'anonymous'])
  })

  it("a member's: member_session_ended, no visitor minted, and the Set-Cookie that marks the session ended", async () => {
    const { server, clock, sessions } = await serverStage()
    const member = memberTokens(server, clock.now())
    server.revokeRefreshToken(member.refreshToken)
    clock.advance(5 * HOUR)
    const error = await rejection(sessions.fromRequest(requestWith(cookieOf(member))))
    if (!isServerSessionError(error, 'member_session_ended')) throw error
    expect(error.sessionId).toBe(member.sessionId)
    expect(grants(server)).toEqual(['refresh_token'])
    const marked = recordIn(error.setCookie)
    expect(marked?.endedAt).toBe(clock.now())
    expect(decodeRecord(marked, MOCK_CLIENT_ID)).toMatchObject({
      kind: 'valid',
      ended: true,
      tokens: member,
    })
    // Nothing in the error people read holds a token.
    for (const text of [
      error.message,
      JSON.stringify(error),
      String(error),
      (await import('node:util')).inspect(error),
    ]) {
      expect(text).not.toContain(member.accessToken)
      expect(text).not.toContain(member.refreshToken)
      expect(text).not.toContain('b64u.')
    }
  })

  it('a cookie already marked ended: the same error, with no request and nothing to set', async () => {
    const { server, clock, sessions } = await serverStage()
    const member = memberTokens(server, clock.now())
    const error = await rejection(
      sessions.fromRequest(requestWith(cookieOf(member, { endedAt: clock.now() }))),
    )
    expect(isServerSessionError(error, 'member_session_ended')).toBe(true)
    expect((error as { setCookie: string[] }).setCookie).toEqual([])
    expect(server.requests).toEqual([])
  })
})
