import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID } from '../../src/testing'
import { useSharedMockServer } from './shared-server'

const server = useSharedMockServer()

describe('CORS', () => {
  it('answers a preflight with 204 and the allowed methods and headers', async () => {
    const response = await fetch(server().tokenUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS')
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect(response.headers.get('access-control-expose-headers')).toBe('retry-after')
  })

  it('also allows extra headers a preflight asks for, so SDK headers do not break it', async () => {
    const response = await fetch(server().protectedUrl, {
      method: 'OPTIONS',
      headers: { 'access-control-request-headers': 'authorization, x-wix-client-artifact-id' },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-wix-client-artifact-id',
    )
  })

  it('echoes the Origin on token responses and errors, and answers * without one', async () => {
    const token = await fetch(server().tokenUrl, {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }),
    })
    expect(token.status).toBe(200)
    expect(token.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(token.headers.get('access-control-expose-headers')).toBe('retry-after')

    const unauthorized = await fetch(server().protectedUrl)
    expect(unauthorized.status).toBe(401)
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe('*')

    const control = await fetch(`${server().url}/__mock/requests`, {
      headers: { origin: 'https://demo.example' },
    })
    expect(control.headers.get('access-control-allow-origin')).toBe('https://demo.example')
  })
})
