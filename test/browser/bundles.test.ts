/**
 * The package where apps run it: bundled by Vite into an app, and inside a web worker.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { serveFolder } from './support/static-server'
import { useBrowser, value } from './support/tabs'

const rig = useBrowser()
const root = fileURLToPath(new URL('../../', import.meta.url))

describe('in an app bundled by Vite', () => {
  it('builds into an app that mints a session in the browser, without the Node-only entries', async () => {
    const app = await mkdtemp(join(tmpdir(), 'headless-session-vite-'))
    try {
      // As `npm install <path>` would: the package linked into the app's node_modules.
      await mkdir(join(app, 'node_modules'))
      await symlink(root, join(app, 'node_modules', 'headless-session'), 'dir')
      await writeFile(
        join(app, 'index.html'),
        '<!doctype html><script type="module" src="/main.js"></script>',
      )
      await writeFile(
        join(app, 'main.js'),
        `import { createSession } from 'headless-session'
const params = new URLSearchParams(location.search)
const session = createSession({ clientId: params.get('clientId'), tokenUrl: params.get('tokenUrl') }).start()
session.getAccessToken().then((token) => { window.result = { token, state: session.state } })
`,
      )
      await build({
        root: app,
        logLevel: 'silent',
        build: { outDir: join(app, 'dist'), emptyOutDir: true },
      })
      const assets = join(app, 'dist', 'assets')
      const scripts = await Promise.all(
        (await readdir(assets)).map((name) => readFile(join(assets, name), 'utf8')),
      )
      expect(scripts.join('\n')).not.toMatch(/node:http|startMockWixServer|createFileStore/)

      const site = await serveFolder(join(app, 'dist'))
      try {
        const { server, context } = await rig.scene()
        const page = await context.newPage()
        await page.goto(
          `${site.url}/?${new URLSearchParams({ clientId: 'mock-client-id', tokenUrl: server.tokenUrl })}`,
        )
        const result = await page
          .waitForFunction(() => (window as { result?: unknown }).result)
          .then((handle) => handle.jsonValue())
        expect(result).toMatchObject({
          token: expect.stringMatching(/^OauthNG\.JWS\./),
          state: 'active',
        })
        expect(server.requests).toHaveLength(1)
      } finally {
        await site.close()
      }
    } finally {
      await rm(app, { recursive: true, force: true })
    }
  })
})

describe('in a web worker', () => {
  it('runs a session in a module worker that shares the visitor with a page through IndexedDB', async () => {
    const { server, open } = await rig.scene()
    const tab = await open()
    const token = value(await tab.token())

    const workerPage = await tab.page.context().newPage()
    const query = new URLSearchParams({ clientId: 'mock-client-id', tokenUrl: server.tokenUrl })
    await workerPage.goto(`${new URL(tab.page.url()).origin}/worker.html?${query}`)
    const result = await workerPage
      .waitForFunction(() => window.workerResult)
      .then((handle) => handle.jsonValue())
    expect(result).toEqual({
      token,
      state: 'active',
      sessionId: (await tab.snapshot()).sessionId,
      warnings: [],
    })
    expect(server.requests).toHaveLength(1)
  })
})
