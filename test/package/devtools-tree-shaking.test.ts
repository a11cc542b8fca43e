/**
 * An app that never imports `headless-session/devtools` ships none of it: bundled the way
 * an app's bundler would (esbuild, minified, from the built package), its code is absent.
 * Prints the sizes it measured. Needs `npm run build` (npm test builds first).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bundleImports } from '../../scripts/bundle-size'

const createSession = { specifier: 'headless-session', names: ['createSession'] }
const devtools = { specifier: 'headless-session/devtools', names: ['mountSessionDevtools'] }

/** Strings only the devtools contain: its channel name and its panel's markup. */
const DEVTOOLS_MARKERS = [
  'headless-session-devtools:',
  'data-headless-session-devtools',
  'Can happen next',
]

describe('the devtools entry point', () => {
  it('is left out of an app that only creates a session', async () => {
    const app = await bundleImports([createSession])
    const withDevtools = await bundleImports([createSession, devtools])
    for (const marker of DEVTOOLS_MARKERS) {
      expect(app.code).not.toContain(marker)
      expect(withDevtools.code).toContain(marker)
    }
    console.log(
      `createSession: ${app.minified} B min, ${app.gzipped} B gzip; ` +
        `with devtools: ${withDevtools.minified} B min, ${withDevtools.gzipped} B gzip ` +
        `(devtools adds ${withDevtools.gzipped - app.gzipped} B gzip)`,
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
