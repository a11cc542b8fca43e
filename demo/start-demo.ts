/**
 * Starts the live demo: the mock Wix server (unless a real client ID is given) and a Vite
 * dev server for `demo/`, which compiles the library from `src/` so no build is needed.
 * Used by `npm start` and by the demo's browser test.
 */
import { createServer as createNetServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { MOCK_CLIENT_ID, type MockWixServer, startMockWixServer } from '../src/testing/index'
import type { DemoConfig } from './demo-config'

/**
 * Demo tokens live a minute: the refresh margin (5 minutes by default) then shrinks to half
 * the lifetime, so `expiring` and `refreshing` come round every 30 seconds.
 */
export const DEMO_TOKEN_LIFETIME_S = 60

/** The mock's test member, shown on the demo page so anyone can log in. */
export const DEMO_MEMBER = { email: 'demo@example.com', password: 'headless-demo' }

export interface DemoOptions {
  /** Use Wix's real token endpoint with this client ID instead of the mock server. */
  wixClientId?: string
  /** Port of the page. Default 5173 (the next free one if taken); 0 for any free port. */
  port?: number
}

export interface RunningDemo {
  /** The page's URL. */
  url: string
  /** The mock Wix server, when the demo runs against it. */
  mock: MockWixServer | undefined
  config: DemoConfig
  close(): Promise<void>
}

const root = fileURLToPath(new URL('.', import.meta.url))
const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  // The page is its own login callback, and the mock allow-lists callbacks exactly, so the
  // page's address must be known before the mock starts.
  const port = await freePort(options.port ?? 5173)
  const pageUrl = `http://127.0.0.1:${port}/`
  const mock = options.wixClientId
    ? undefined
    : await startMockWixServer({
        accessTokenLifetime: DEMO_TOKEN_LIFETIME_S,
        members: [DEMO_MEMBER],
        redirectUris: [pageUrl],
      })
  const config: DemoConfig = {
    clientId: options.wixClientId ?? MOCK_CLIENT_ID,
    tokenUrl: mock?.tokenUrl ?? null,
    mockUrl: mock?.url ?? null,
    tokenLifetime: mock ? DEMO_TOKEN_LIFETIME_S : null,
    member: mock ? DEMO_MEMBER : null,
  }
  let vite: ViteDevServer | undefined
  try {
    vite = await createServer({
      configFile: false,
      root,
      logLevel: 'warn',
      clearScreen: false,
      server: { host: '127.0.0.1', port, strictPort: true },
      resolve: {
        alias: [
          { find: /^headless-session\/devtools$/, replacement: source('devtools/index.ts') },
          { find: /^headless-session\/members$/, replacement: source('members/index.ts') },
          { find: /^headless-session$/, replacement: source('index.ts') },
        ],
      },
      define: { __DEMO_CONFIG__: JSON.stringify(config) },
    })
    await vite.listen()
  } catch (error) {
    await Promise.all([vite?.close(), mock?.close()])
    throw error
  }
  const server = vite
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('the demo server has no local URL')
  return {
    url,
    mock,
    config,
    close: async () => {
      await Promise.all([server.close(), mock?.close()])
    },
  }
}

/** `wanted` if it is free on 127.0.0.1, else a port the system picks (`0` always picks). */
function freePort(wanted: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const probe = createNetServer()
      probe.once('error', reject)
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : port))
      })
    })
  return tryPort(wanted).catch(() => tryPort(0))
}
