import { describe, expect, it } from 'vitest'
import type { MockTokenResponse, TokenRequestRecord } from '../../src/testing'
import { anonymousGrant, applicationErrorCode, mintVisitor, refresh, whoami } from './mock-client'
import { useSharedMockServer } from './shared-server'

const server = useSharedMockServer()

function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${server().url}/__mock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

describe('control endpoints', () => {
  it('GET /__mock/requests returns the request log as JSON', async () => {
    await mintVisitor(server())
    const response = await fetch(`${server().url}/__mock/requests`)
    expect(response.status).toBe(200)
    const log = (await response.json()) as TokenRequestRecord[]
    expect(log).toEqual(server().requests)
    expect(log[0]).toMatchObject({ grantType: 'anonymous', outcome: 'issued' })
  })

  it('POST /__mock/faults queues a fault for the given number of requests', async () => {
    const response = await control('faults', { fault: { status: 429, retryAfter: 7 }, times: 2 })
    expect(response.status).toBe(200)
    const first = await anonymousGrant(server())
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('7')
    expect((await anonymousGrant(server())).status).toBe(429)
    expect((await anonymousGrant(server())).status).toBe(200)
  })

  it('POST /__mock/faults refuses a missing or malformed fault with 400', async () => {
    const missing = await control('faults', { times: 1 })
    expect(missing.status).toBe(400)
    const malformed = await control('faults', { fault: { status: 'soon' } })
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { message: string }).message).toContain('fault.status')
    expect((await anonymousGrant(server())).status).toBe(200)
  })

  it('POST /__mock/clear forgets faults and the log, even without a body', async () => {
    await mintVisitor(server())
    server().injectFault({ status: 500 })
    expect((await control('clear')).status).toBe(200)
    expect(server().requests).toEqual([])
    expect((await anonymousGrant(server())).status).toBe(200)
  })

  it('POST /__mock/revoke revokes a refresh token or a whole visitor', async () => {
    const byToken = await mintVisitor(server())
    expect((await control('revoke', { refreshToken: byToken.refresh_token })).status).toBe(200)
    const refused = await refresh(server(), byToken.refresh_token)
    expect(applicationErrorCode(await refused.json())).toBe('invalid_grant')

    const byVisitor = await mintVisitor(server())
    const visitorId = (await whoami(server(), byVisitor.access_token)).body.visitorId
    expect((await control('revoke', { visitorId })).status).toBe(200)
    expect((await whoami(server(), byVisitor.access_token)).status).toBe(401)
    expect((await control('revoke', {})).status).toBe(400)
  })

  it('POST /__mock/config changes the lifetime of later access tokens', async () => {
    expect((await control('config', { accessTokenLifetime: 30 })).status).toBe(200)
    const tokens = (await (await anonymousGrant(server())).json()) as MockTokenResponse
    expect(tokens.expires_in).toBe(30)
    expect((await control('config', { accessTokenLifetime: -1 })).status).toBe(400)
    server().setAccessTokenLifetime(14_400)
  })

  it('answers a wrong method with 405 and an unknown control with 404', async () => {
    expect((await fetch(`${server().url}/__mock/clear`)).status).toBe(405)
    expect((await control('requests')).status).toBe(405)
    expect((await control('explode')).status).toBe(404)
  })
})
