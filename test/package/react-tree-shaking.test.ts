/**
 * `headless-session/react` costs an app that does not import it nothing, and little to one
 * that does: bundled the way an app's bundler would (esbuild, minified, from the built
 * package), its code is absent from an app that only creates a session, and what it adds
 * beside createSession, React itself left out (the app has React), stays within budget.
 * The server-side helpers of the main entry reach no React at all, so a React Server
 * Component may import them. Prints the cost. Needs `npm run build` (npm test builds first).
 */
import { describe, expect, it } from 'vitest'
import { bundleImports, measureAddition, REACT_BINDING } from '../../scripts/bundle-size'

const createSession = { specifier: 'headless-session', names: ['createSession'] }
const serverHelpers = {
  specifier: 'headless-session',
  names: ['snapshotOfTokens', 'IDLE_SNAPSHOT'],
}

/** Strings only the React entry contains: its error prefix and the hook it is built on. */
const REACT_MARKERS = ['headless-session/react:', 'useSyncExternalStore']

/**
 * What the React entry may add to an app that has createSession and React, min+gzip bytes:
 * today's 0.75 kB (the hook, the selector memo, the stand-in for the server snapshot, the
 * browser-session getter and their argument checks) with room to grow by a third.
 */
const REACT_BINDING_BUDGET = 1_000

const fromReact = (inputs: string[]) =>
  inputs.filter((path) => /node_modules\/react(-dom)?\//.test(path))

describe('the React entry point', () => {
  it('is left out of an app that only creates a session', async () => {
    const app = await bundleImports([createSession])
    const withReact = await bundleImports([createSession, REACT_BINDING], { external: ['react'] })
    for (const marker of REACT_MARKERS) {
      expect(app.code).not.toContain(marker)
      expect(withReact.code).toContain(marker)
    }
    expect(fromReact(Object.keys(app.metafile.inputs))).toEqual([])
  })

  it("uses the app's React, never a copy of its own", async () => {
    const withReact = await bundleImports([createSession, REACT_BINDING], { external: ['react'] })
    expect(fromReact(Object.keys(withReact.metafile.inputs))).toEqual([])
    const imported = Object.values(withReact.metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    )
    expect(imported).toEqual(['react'])
  })

  it('adds a small, bounded cost to an app that imports it', async () => {
    const added = await measureAddition(REACT_BINDING, process.cwd(), ['react'])
    console.log(
      `useSession, defineBrowserSession add ${added.minified} B min, ${added.gzipped} B min+gzip to createSession (React not counted)`,
    )
    expect(added.gzipped).toBeGreaterThan(0)
    expect(added.gzipped).toBeLessThanOrEqual(REACT_BINDING_BUDGET)
  })

  it('keeps the server snapshot helpers free of React, for React Server Components', async () => {
    // Bundled with React resolvable: any import of it would be pulled in.
    const helpers = await bundleImports([serverHelpers])
    expect(fromReact(Object.keys(helpers.metafile.inputs))).toEqual([])
    for (const marker of REACT_MARKERS) expect(helpers.code).not.toContain(marker)
  })
})
