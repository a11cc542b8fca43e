/**
 * Serving the built examples/nextjs: the mock Wix server (unless a real client ID is
 * given) with a test member and the app's callback URL allow-listed, and `next start` on
 * 127.0.0.1, configured through its environment. Used by `npm run example:nextjs` and by
 * the example's browser test.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import {
  MOCK_CLIENT_ID,
  type MockWixServer,
  type MockWixServerOptions,
  startMockWixServer,
} from '../../src/testing/index'
import { EXAMPLE_DIR, NEXT_BIN } from './prepare'

/** The mock's member, shown by `npm run example:nextjs` so anyone can log in. */
export const EXAMPLE_MEMBER = { email: 'member@example.com', password: 'headless-next' }

export interface ExampleOptions {
  /** Use Wix with this client ID instead of the mock server. */
  wixClientId?: string
  /** The app's port. Default 3000 (the next free one if taken); 0 for any free port. */
  port?: number
  /** Where the browser reaches the app. Default `http://127.0.0.1:<port>`. */
  siteUrl?: string
  /** More options for the mock server (e.g. `accessTokenLifetime`). */
  mock?: MockWixServerOptions
  /**
   * `next dev` instead of `next start`: no build, React's development build (its warnings
   * reach the console), and the app reloads as its files change.
   */
  dev?: boolean
}

export interface RunningExample {
  /** The page's URL. */
  url: string
  /** The mock Wix server, when the app runs against it. */
  mock: MockWixServer | undefined
  /** What the Next.js server has printed (stdout and stderr). */
  output: () => string
  close(): Promise<void>
}

export async function startExample(options: ExampleOptions = {}): Promise<RunningExample> {
  // The mock allow-lists the login callback exactly, so the app's address comes first.
  const port = await freePort(options.port ?? 3000)
  const siteUrl = new URL(options.siteUrl ?? `http://127.0.0.1:${port}`).origin
  const mock = options.wixClientId
    ? undefined
    : await startMockWixServer({
        members: [EXAMPLE_MEMBER],
        redirectUris: [`${siteUrl}/auth/callback`],
        ...options.mock,
      })
  const output: string[] = []
  const next = spawn(
    process.execPath,
    [NEXT_BIN, options.dev ? 'dev' : 'start', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: EXAMPLE_DIR,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        WIX_CLIENT_ID: options.wixClientId ?? MOCK_CLIENT_ID,
        WIX_TOKEN_URL: mock?.tokenUrl ?? '',
        SITE_URL: siteUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so closing ends whatever `next start` started.
      detached: true,
    },
  )
  next.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  next.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  const close = async () => {
    await Promise.all([stop(next), mock?.close()])
  }
  try {
    await untilListening(`http://127.0.0.1:${port}`, next, () => output.join(''))
  } catch (error) {
    await close()
    throw error
  }
  return { url: `${siteUrl}/`, mock, output: () => output.join(''), close }
}

/**
 * Wait until the app answers. It asks for the favicon, a path the proxy does not run on:
 * a page would mint a visitor and count in the mock's log.
 */
async function untilListening(origin: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`next start exited (${child.exitCode}):\n${output()}`)
    }
    try {
      await fetch(`${origin}/favicon.ico`)
      return
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer:\n${output()}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/** End the process group of `child` (started detached above) and wait for it to exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve()
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name)
    } catch {
      // Already gone.
    }
  }
  signal('SIGTERM')
  const force = setTimeout(() => signal('SIGKILL'), 5_000)
  return exited.finally(() => clearTimeout(force))
}

/** `wanted` if it is free on 127.0.0.1, else a port the system picks (`0` always picks). */
function freePort(wanted: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer()
      probe.once('error', reject)
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : port))
      })
    })
  return tryPort(wanted).catch(() => tryPort(0))
}
