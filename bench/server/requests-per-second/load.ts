/**
 * A small HTTP/1.1 load generator over raw sockets, so that the client costs as little as
 * possible next to the server it measures: a fixed number of keep-alive connections, each
 * sending one request, reading the whole answer (by `Content-Length`), and sending the
 * next, until the round's deadline.
 */
import { connect } from 'node:net'

export interface LoadRound {
  /** Answers received (any status). */
  answers: number
  /** Answers whose status was not 200. */
  errors: number
  /** From the first request sent to the last answer received, in ms. */
  elapsedMs: number
}

export interface LoadOptions {
  port: number
  path: string
  cookie: string
  connections: number
  durationMs: number
}

export async function runLoad(options: LoadOptions): Promise<LoadRound> {
  const request = Buffer.from(
    `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\n` +
      (options.cookie === '' ? '' : `Cookie: ${options.cookie}\r\n`) +
      'Connection: keep-alive\r\n\r\n',
    'latin1',
  )
  const tally = { answers: 0, errors: 0 }
  const started = performance.now()
  const deadline = started + options.durationMs
  let lastAnswer = started
  const connection = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(options.port, '127.0.0.1')
      socket.setNoDelay(true)
      let pending: Buffer = Buffer.alloc(0)
      socket.on('connect', () => socket.write(request))
      socket.on('error', reject)
      socket.on('close', () => resolve())
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n')
          if (headEnd === -1) return
          const head = pending.subarray(0, headEnd).toString('latin1')
          const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1]
          if (length === undefined) {
            socket.destroy(new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`))
            return
          }
          const end = headEnd + 4 + Number(length)
          if (pending.length < end) return
          pending = pending.subarray(end)
          tally.answers += 1
          if (!head.startsWith('HTTP/1.1 200 ')) tally.errors += 1
          lastAnswer = performance.now()
          if (lastAnswer < deadline) socket.write(request)
          else socket.end()
        }
      })
    })
  await Promise.all(Array.from({ length: options.connections }, connection))
  return { ...tally, elapsedMs: lastAnswer - started }
}
