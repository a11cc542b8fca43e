/**
 * `headless-session/server` is an entry of its own: an app that does not import it ships
 * none of it, and what it weighs for a server bundle (an edge function) is measured the
 * way apps build, from the built package. It uses Web APIs only, so it bundles for a
 * neutral platform with no Node built-in. Needs `npm run build` (npm test builds first).
 */
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { bundleImports } from '../../scripts/bundle-size'

const createSession = { specifier: 'headless-session', names: ['createSession'] }
const createCookieStore = { specifier: 'headless-session', names: ['createCookieStore'] }
const serverSessions = { specifier: 'headless-session/server', names: ['createServerSessions'] }

/** Strings only the server entry contains. */
const SERVER_MARKERS = ['fromRequest() was abandoned', 'cookieFor()', 'endedCookieFor()']

/**
 * What the server entry weighs on its own, min+gzip bytes, dependencies included: today's
 * 7.4 kB (the token endpoint and its error mapping, the cookie codec, record validation and
 * the refresh sharing; no xstate, which it does not use) with about 5% headroom.
 */
const SERVER_ENTRY_BUDGET = 7_800

describe('the server entry', () => {
  it('is not in a browser app that creates a session with the cookie store', async () => {
    const app = await bundleImports([createSession, createCookieStore])
    const server = await bundleImports([serverSessions])
    for (const marker of SERVER_MARKERS) {
      expect(app.code + app.lazyCode).not.toContain(marker)
      expect(server.code).toContain(marker)
    }
  })

  it('weighs a bounded amount, without xstate', async () => {
    const server = await bundleImports([serverSessions])
    console.log(
      `headless-session/server (createServerSessions): ${server.minified} B min, ${server.gzipped} B min+gzip, dependencies included`,
    )
    expect(server.gzipped).toBeGreaterThan(0)
    expect(server.gzipped).toBeLessThanOrEqual(SERVER_ENTRY_BUDGET)
    // xstate's own event name: in every bundle that runs a machine, in none that does not.
    const app = await bundleImports([createSession])
    expect(app.code).toContain('xstate.init')
    expect(server.code).not.toContain('xstate.init')
  })

  it('bundles for a neutral platform (edge runtimes) with no Node built-in', async () => {
    const result = await build({
      stdin: {
        contents: "export { createServerSessions } from 'headless-session/server'",
        resolveDir: process.cwd(),
        loader: 'js',
      },
      bundle: true,
      platform: 'neutral',
      format: 'esm',
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      tsconfigRaw: '{}',
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(
      inputs.some((input) => input.startsWith('node:') || /^(fs|http|crypto|path)$/.test(input)),
    ).toBe(false)
    expect(result.errors).toEqual([])
  })
})
