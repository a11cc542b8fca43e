import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockTokenResponse, startMockWixServer } from '../../src/testing'
import {
  ADA,
  CALLBACK,
  exchangeCode,
  loginUrl,
  memberTokens,
  type Pkce,
  pkce,
  submitLogin,
} from './member-client'
import { applicationErrorCode, refresh, tokenInfo, whoami } from './mock-client'
import { useSharedMockServer } from './shared-server'

const OTHER_CLIENT = 'other-client-id'
const server = useSharedMockServer({
  members: [ADA],
  redirectUris: [CALLBACK],
  clientIds: [MOCK_CLIENT_ID, OTHER_CLIENT],
})

/** A fresh code from the login form, and the PKCE values it is bound to. */
async function freshCode(overrides = {}): Promise<{ code: string; codes: Pkce }> {
  const codes = pkce()
  const page = await submitLogin(
    await loginUrl(server(), codes, overrides),
    ADA.email,
    ADA.password,
  )
  return { code: page.params.code ?? '', codes }
}

const grantFields = (code: string, codes: Pkce, extra: Record<string, string> = {}) => ({
  clientId: MOCK_CLIENT_ID,
  grantType: 'authorization_code',
  redirectUri: CALLBACK,
  code,
  codeVerifier: codes.verifier,
  ...extra,
})

describe('the authorization_code grant', () => {
  it("issues a member's tokens that whoami and token-info call the member's", async () => {
    const { code, codes } = await freshCode()
    const { status, body } = await exchangeCode(server(), grantFields(code, codes))
    expect(status).toBe(200)
    expect(body).toEqual({
      access_token: expect.stringMatching(/^OauthNG\.JWS\./),
      token_type: 'Bearer',
      expires_in: 14_400,
      refresh_token: expect.stringMatching(/^JWS\./),
    })
    const memberId = server().memberId(ADA.email)
    const token = body.access_token as string
    expect((await whoami(server(), token)).body).toMatchObject({
      role: 'member',
      visitorId: memberId,
    })
    expect(await tokenInfo(server(), token)).toMatchObject({
      active: true,
      subjectType: 'MEMBER',
      subjectId: memberId,
    })
  })

  it('takes form-encoded snake_case fields too', async () => {
    const { code, codes } = await freshCode()
    const fields = {
      client_id: MOCK_CLIENT_ID,
      grant_type: 'authorization_code',
      redirect_uri: CALLBACK,
      code,
      code_verifier: codes.verifier,
    }
    expect((await exchangeCode(server(), fields, 'form')).status).toBe(200)
    expect(server().requests.at(-1)).toMatchObject({ encoding: 'form', fieldStyle: 'snake_case' })
  })

  it('gives the same member ID to every login of one member, with different tokens', async () => {
    const first = await memberTokens(server())
    const second = await memberTokens(server())
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    const ids = [
      (await whoami(server(), first.access_token)).body.visitorId,
      (await whoami(server(), second.access_token)).body.visitorId,
    ]
    expect(ids).toEqual([server().memberId(ADA.email), server().memberId(ADA.email)])
  })

  it('keeps the member a member across a refresh', async () => {
    const tokens = await memberTokens(server())
    const refreshed = (await (
      await refresh(server(), tokens.refresh_token)
    ).json()) as MockTokenResponse
    expect((await whoami(server(), refreshed.access_token)).body).toMatchObject({
      role: 'member',
      visitorId: server().memberId(ADA.email),
    })
  })

  it('logs the grant with the member, never the code or the verifier', async () => {
    const { code, codes } = await freshCode()
    await exchangeCode(server(), grantFields(code, codes))
    const record = server().requests.at(-1)
    expect(record).toMatchObject({
      grantType: 'authorization_code',
      clientId: MOCK_CLIENT_ID,
      outcome: 'issued',
      visitorId: server().memberId(ADA.email),
      refreshToken: null,
    })
    expect(record?.endpoint).toBeUndefined()
    const log = JSON.stringify(server().requests)
    expect(log).not.toContain(code)
    expect(log).not.toContain(codes.verifier)
  })
})

describe('what the code is bound to', () => {
  const refusedWith = async (fields: Record<string, string>) => {
    const { status, body } = await exchangeCode(server(), fields)
    expect(status).toBe(400)
    return applicationErrorCode(body)
  }

  it('checks PKCE: a wrong verifier is invalid_grant and spends the code', async () => {
    const { code, codes } = await freshCode()
    expect(await refusedWith(grantFields(code, codes, { codeVerifier: pkce().verifier }))).toBe(
      'invalid_grant',
    )
    expect(await refusedWith(grantFields(code, codes))).toBe('invalid_grant')
  })

  it('refuses a verifier of the wrong shape, even a challenge sent back as is', async () => {
    const { code, codes } = await freshCode()
    expect(await refusedWith(grantFields(code, codes, { codeVerifier: codes.challenge }))).toBe(
      'invalid_grant',
    )
  })

  it("is the client's that asked for it", async () => {
    const { code, codes } = await freshCode()
    expect(await refusedWith(grantFields(code, codes, { clientId: OTHER_CLIENT }))).toBe(
      'invalid_grant',
    )
  })

  it('needs the same redirectUri as the authorize request', async () => {
    const wrong = await freshCode()
    expect(
      await refusedWith(grantFields(wrong.code, wrong.codes, { redirectUri: `${CALLBACK}/x` })),
    ).toBe('invalid_grant')
    const missing = await freshCode()
    const { redirectUri: _, ...withoutUri } = grantFields(missing.code, missing.codes)
    expect(await refusedWith(withoutUri)).toBe('invalid_grant')
  })

  it('of a web_message login, is exchanged without a redirectUri and refused with one', async () => {
    const webCode = async () => {
      const codes = pkce()
      const overrides = { responseMode: 'web_message', redirectUri: undefined }
      const page = await submitLogin(
        await loginUrl(server(), codes, overrides),
        ADA.email,
        ADA.password,
      )
      return { code: /"code":"([^"]+)"/.exec(page.html)?.[1] ?? '', codes }
    }
    const withUri = await webCode()
    expect(await refusedWith(grantFields(withUri.code, withUri.codes))).toBe('invalid_grant')
    const without = await webCode()
    const { redirectUri: _, ...fields } = grantFields(without.code, without.codes)
    expect((await exchangeCode(server(), fields)).status).toBe(200)
  })

  it('is single-use: a replay is invalid_grant and revokes the tokens it gave', async () => {
    const { code, codes } = await freshCode()
    const first = await exchangeCode(server(), grantFields(code, codes))
    expect(first.status).toBe(200)
    expect(await refusedWith(grantFields(code, codes))).toBe('invalid_grant')
    const token = first.body.access_token as string
    expect((await whoami(server(), token)).status).toBe(401)
    expect((await refresh(server(), first.body.refresh_token as string)).status).toBe(400)
  })

  it('refuses an unknown code with invalid_grant and missing fields with a validation error', async () => {
    const codes = pkce()
    expect(await refusedWith(grantFields('made-up', codes))).toBe('invalid_grant')
    const { code: _, ...noCode } = grantFields('x', codes)
    const missingCode = await exchangeCode(server(), noCode)
    expect(missingCode.status).toBe(400)
    expect(JSON.stringify(missingCode.body)).toContain('"field":"code"')
    const { codeVerifier: __, ...noVerifier } = grantFields('x', codes)
    expect(JSON.stringify((await exchangeCode(server(), noVerifier)).body)).toContain(
      '"field":"codeVerifier"',
    )
    const { clientId: ___, ...noClient } = grantFields('x', codes)
    expect(JSON.stringify((await exchangeCode(server(), noClient)).body)).toContain(
      '"field":"clientId"',
    )
  })
})

describe('a code expires', () => {
  it('after codeLifetime seconds by the server clock (default 60)', async () => {
    let now = Date.now()
    const local = await startMockWixServer({
      now: () => now,
      members: [ADA],
      redirectUris: [CALLBACK],
    })
    const exchange = async (advanceMs: number) => {
      const codes = pkce()
      const page = await submitLogin(await loginUrl(local, codes), ADA.email, ADA.password)
      now += advanceMs
      return exchangeCode(local, grantFields(page.params.code ?? '', codes))
    }
    try {
      expect((await exchange(59_000)).status).toBe(200)
      const late = await exchange(60_000)
      expect(late.status).toBe(400)
      expect(late.body.message).toMatch(/expired/)
    } finally {
      await local.close()
    }
  })

  it('refuses a code lifetime beyond the 10 minutes OAuth allows', async () => {
    await expect(startMockWixServer({ codeLifetime: 601 })).rejects.toThrow(RangeError)
    await expect(startMockWixServer({ codeLifetime: 0 })).rejects.toThrow(RangeError)
  })
})
