/**
 * An app that never imports `headless-session/devtools` ships none of it: bundled the way
 * an app's bundler would (esbuild, minified, from the built package), its code is absent.
 * Prints the sizes it measured. Needs `npm run build` (npm test builds first).
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

async function appBundle(source: string) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    // Resolve through package.json exports (dist), as an installed package would.
    tsconfigRaw: '{}',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    text: new TextDecoder().decode(code),
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
  }
}

/** Strings only the devtools contain: its channel name and its panel's markup. */
const DEVTOOLS_MARKERS = [
  'headless-session-devtools:',
  'data-headless-session-devtools',
  'Can happen next',
]

describe('the devtools entry point', () => {
  it('is left out of an app that only creates a session', async () => {
    const app = await appBundle(
      "import { createSession } from 'headless-session'; window.s = createSession",
    )
    const withDevtools = await appBundle(
      "import { createSession } from 'headless-session'; import { mountSessionDevtools } from 'headless-session/devtools'; window.s = [createSession, mountSessionDevtools]",
    )
    for (const marker of DEVTOOLS_MARKERS) {
      expect(app.text).not.toContain(marker)
      expect(withDevtools.text).toContain(marker)
    }
    console.log(
      `createSession: ${app.bytes} B min, ${app.gzip} B gzip; ` +
        `with devtools: ${withDevtools.bytes} B min, ${withDevtools.gzip} B gzip ` +
        `(devtools adds ${withDevtools.gzip - app.gzip} B gzip)`,
    )
  })

  it('has no way to reach the network: no fetch, XHR, WebSocket, beacon or EventSource', () => {
    const built = readFileSync('dist/devtools/index.js', 'utf8')
    expect(built).toContain('mountSessionDevtools')
    for (const api of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon', 'EventSource']) {
      expect(built).not.toContain(api)
    }
  })
})
