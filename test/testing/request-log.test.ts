import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, type MockTokenResponse, type TokenRequestRecord } from '../../src/testing'
import { mintVisitor, postToken, refresh, tokenInfo, whoami } from './mock-client'
import { useSharedMockServer } from './shared-server'

const server = useSharedMockServer()

function overlaps(a: TokenRequestRecord, b: TokenRequestRecord): boolean {
  return (
    a.startedAt < (b.endedAt ?? Number.POSITIVE_INFINITY) &&
    b.startedAt < (a.endedAt ?? Number.POSITIVE_INFINITY)
  )
}

describe('request log', () => {
  it('records an issued anonymous grant with every field', async () => {
    const before = Date.now()
    const tokens = await mintVisitor(server())
    const visitorId = (await whoami(server(), tokens.access_token)).body.visitorId
    const [record] = server().requests
    expect(server().requests).toHaveLength(1)
    expect(record).toEqual({
      id: expect.any(Number),
      grantType: 'anonymous',
      clientId: MOCK_CLIENT_ID,
      refreshToken: null,
      encoding: 'json',
      fieldStyle: 'camelCase',
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      outcome: 'issued',
      status: 200,
      visitorId,
      fault: null,
    })
    expect(record?.startedAt).toBeGreaterThanOrEqual(before)
    expect(record?.endedAt).toBeGreaterThanOrEqual(record?.startedAt ?? 0)
  })

  it('records the encoding, field style, refresh token and visitor of refreshes', async () => {
    const tokens = await mintVisitor(server())
    const visitorId = (await whoami(server(), tokens.access_token)).body.visitorId
    const response = await postToken(
      server(),
      {
        client_id: MOCK_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      },
      'form',
    )
    const { refresh_token } = (await response.json()) as MockTokenResponse
    await refresh(server(), refresh_token)
    await refresh(server(), refresh_token)
    const [, form, sdkStyle, spent] = server().requests
    expect(form).toMatchObject({
      grantType: 'refresh_token',
      refreshToken: tokens.refresh_token,
      encoding: 'form',
      fieldStyle: 'snake_case',
      outcome: 'issued',
      visitorId,
    })
    expect(sdkStyle).toMatchObject({ fieldStyle: 'mixed', clientId: null, outcome: 'issued' })
    expect(spent).toMatchObject({ outcome: 'rejected', status: 400, visitorId })
  })

  it('records a body without known fields as style none with a null grant', async () => {
    await fetch(server().tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"scope":"offline_access"}',
    })
    expect(server().requests[0]).toMatchObject({
      grantType: null,
      fieldStyle: 'none',
      outcome: 'rejected',
      status: 400,
    })
  })

  it('shows a request in flight as pending with no end, then settled', async () => {
    server().injectFault({ delayMs: 200 })
    const answer = mintVisitor(server())
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(server().requests[0]).toMatchObject({ outcome: 'pending', endedAt: null, status: null })
    await answer
    expect(server().requests[0]).toMatchObject({ outcome: 'issued', status: 200 })
    expect(server().requests[0]?.endedAt).toEqual(expect.any(Number))
  })

  it('lets a test tell overlapping refreshes from sequential ones by startedAt and endedAt', async () => {
    const tokens = await mintVisitor(server())
    server().injectFault({ grantType: 'refresh_token', delayMs: 100 }, 4)
    server().clearRequests()
    await Promise.all([
      refresh(server(), tokens.refresh_token),
      refresh(server(), tokens.refresh_token),
    ])
    const [a, b] = server().requests
    expect(a && b && overlaps(a, b)).toBe(true)

    const other = await mintVisitor(server())
    server().clearRequests()
    const first = (await (await refresh(server(), other.refresh_token)).json()) as MockTokenResponse
    await refresh(server(), first.refresh_token)
    const [c, d] = server().requests
    expect(c && d && overlaps(c, d)).toBe(false)
  })

  it('keeps ids counting after clearRequests and leaves earlier snapshots untouched', async () => {
    await mintVisitor(server())
    const snapshot = server().requests
    const firstId = snapshot[0]?.id ?? 0
    server().clearRequests()
    await mintVisitor(server())
    expect(snapshot).toHaveLength(1)
    expect(server().requests.map((r) => r.id)).toEqual([firstId + 1])
    expect(Object.isFrozen(server().requests[0])).toBe(true)
  })

  it('logs only token requests, not whoami, token-info, control or rejected methods', async () => {
    const tokens = await mintVisitor(server())
    await whoami(server(), tokens.access_token)
    await tokenInfo(server(), tokens.access_token)
    await fetch(`${server().url}/__mock/requests`)
    await fetch(server().tokenUrl)
    expect(server().requests.map((r) => r.grantType)).toEqual(['anonymous'])
  })
})
