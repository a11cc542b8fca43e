import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { MOCK_CLIENT_ID, startMockWixServer } from '../../src/testing'
import { eventually, postToken } from './mock-client'

/** A raw keep-alive connection that has had one answer and stays open. */
async function openKeepAliveSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.once('data', () => resolve())
    socket.write(
      `GET /__mock/requests HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`,
    )
  })
  return socket
}

describe('close()', () => {
  it('listens on 127.0.0.1 at a free port', async () => {
    const [one, two] = await Promise.all([startMockWixServer(), startMockWixServer()])
    expect(one.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(one.url).not.toBe(two.url)
    expect(one.tokenUrl).toBe(`${one.url}/oauth2/token`)
    expect(one.tokenInfoUrl).toBe(`${one.url}/oauth2/token-info`)
    expect(one.protectedUrl).toBe(`${one.url}/v1/whoami`)
    await Promise.all([one.close(), two.close()])
  })

  it('resolves promptly with a hung request and an idle keep-alive connection open', async () => {
    const server = await startMockWixServer()
    const socket = await openKeepAliveSocket(server.url)
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    server.injectFault({ hang: true })
    const hung = postToken(server, { clientId: MOCK_CLIENT_ID, grantType: 'anonymous' }).catch(
      (error: unknown) => error,
    )
    await eventually(() => server.requests.some((r) => r.fault?.hang === true))

    const started = Date.now()
    const timeLimit = new Promise((resolve) => setTimeout(resolve, 1000, 'still open'))
    expect(await Promise.race([server.close().then(() => 'closed'), timeLimit])).toBe('closed')
    expect(Date.now() - started).toBeLessThan(500)
    await socketClosed
    expect(await hung).toBeInstanceOf(TypeError)
    expect(server.requests.find((r) => r.fault?.hang)?.outcome).toBe('aborted')
  })

  it('is idempotent and refuses connections afterwards', async () => {
    const server = await startMockWixServer()
    await server.close()
    await expect(server.close()).resolves.toBeUndefined()
    await expect(fetch(server.tokenUrl, { method: 'POST' })).rejects.toThrow(TypeError)
  })

  it('rejects when the requested port is taken', async () => {
    const server = await startMockWixServer()
    const port = Number(new URL(server.url).port)
    try {
      await expect(startMockWixServer({ port })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await server.close()
    }
  })
})
