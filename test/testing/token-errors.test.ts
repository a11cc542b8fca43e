import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID } from '../../src/testing'
import { applicationErrorCode, postToken, refresh } from './mock-client'
import { useSharedMockServer } from './shared-server'

describe('token endpoint errors', () => {
  const server = useSharedMockServer()

  it('answers a missing client ID with a Wix validation error on clientId', async () => {
    const response = await postToken(server(), { grantType: 'anonymous' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      message: expect.stringContaining('clientId'),
      details: {
        validationError: {
          fieldViolations: [
            { field: 'clientId', description: expect.any(String), violatedRule: 'REQUIRED_FIELD' },
          ],
        },
      },
    })
  })

  it('answers an unknown client ID with invalid_client and says the client ID is not valid', async () => {
    const response = await postToken(
      server(),
      { clientId: 'nobody', grantType: 'anonymous' },
      'form',
    )
    expect(response.status).toBe(400)
    const body = (await response.json()) as {
      message: string
      details: { applicationError: { code: string; description: string; data: unknown } }
    }
    expect(body.message).toMatch(/client id is not valid/i)
    expect(body.message).toContain('nobody')
    expect(body.details.applicationError).toMatchObject({
      code: 'invalid_client',
      description: expect.any(String),
      data: expect.any(Object),
    })
  })

  it('answers a refresh naming an unknown client ID with invalid_client', async () => {
    const response = await refresh(server(), 'JWS.whatever', { clientId: 'nobody' })
    expect(response.status).toBe(400)
    expect(applicationErrorCode(await response.json())).toBe('invalid_client')
  })

  it('answers a missing or unknown refresh token with invalid_grant', async () => {
    const missing = await postToken(server(), {
      clientId: MOCK_CLIENT_ID,
      grantType: 'refresh_token',
    })
    expect(missing.status).toBe(400)
    expect(applicationErrorCode(await missing.json())).toBe('invalid_grant')
    const unknown = await refresh(server(), 'JWS.not-a-real-token')
    expect(unknown.status).toBe(400)
    expect(applicationErrorCode(await unknown.json())).toBe('invalid_grant')
  })

  for (const grantType of ['client_credentials', 'password']) {
    it(`answers the ${grantType} grant with unsupported_grant_type`, async () => {
      const response = await postToken(server(), { clientId: MOCK_CLIENT_ID, grantType, code: 'c' })
      expect(response.status).toBe(400)
      expect(applicationErrorCode(await response.json())).toBe('unsupported_grant_type')
    })
  }

  it('answers a missing grant type with a validation error on grantType', async () => {
    const response = await postToken(server(), { clientId: MOCK_CLIENT_ID })
    expect(response.status).toBe(400)
    const body = (await response.json()) as {
      details: { validationError: { fieldViolations: { field: string }[] } }
    }
    expect(body.details.validationError.fieldViolations[0]?.field).toBe('grantType')
  })

  it('answers a malformed JSON body with 400', async () => {
    const response = await fetch(server().tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"clientId": "mock-client-id", ',
    })
    expect(response.status).toBe(400)
    expect(applicationErrorCode(await response.json())).toBe('invalid_request')
  })

  it('answers an unsupported content type with 400 and issues nothing', async () => {
    const response = await fetch(server().tokenUrl, {
      method: 'POST',
      body: JSON.stringify({ clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { message: string }
    expect(body.message).toMatch(/content type/i)
    expect(server().requests.at(-1)).toMatchObject({ encoding: 'other', outcome: 'rejected' })
  })

  it('answers GET on the token endpoint with 405 and an Allow header', async () => {
    const response = await fetch(server().tokenUrl)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST, OPTIONS')
    expect(applicationErrorCode(await response.json())).toBe('METHOD_NOT_ALLOWED')
    expect((await fetch(server().tokenInfoUrl, { method: 'PUT' })).status).toBe(405)
  })

  it('answers an unknown path with a Wix-style 404', async () => {
    const response = await fetch(`${server().url}/v2/nothing-here`, { method: 'POST' })
    expect(response.status).toBe(404)
    const body = (await response.json()) as { message: string }
    expect(body.message).toContain('/v2/nothing-here')
    expect(applicationErrorCode(body)).toBe('NOT_FOUND')
  })
})
