/**
 * An app that does not import `createCookieStore` ships none of the cookie store or its
 * codec, though both come from the main entry: bundled the way an app's bundler would
 * (esbuild, minified, from the built package), their code is absent. Prints what the store
 * costs an app that does import it. Needs `npm run build` (npm test builds first).
 */
import { describe, expect, it } from 'vitest'
import { bundleImports, measureAddition } from '../../scripts/bundle-size'

const createSession = { specifier: 'headless-session', names: ['createSession'] }
const cookieStore = { specifier: 'headless-session', names: ['createCookieStore'] }

/** Strings only the cookie store and its codec contain. */
const COOKIE_MARKERS = ['b64u.', 'SameSite=', 'unreadable session cookie']

/**
 * What the cookie store may add to an app's bundle, min+gzip bytes: today's 3.1 kB (the
 * codec with its chunk framing, header parsing and its checks, messages that say what went
 * wrong, and the watch that notices cookies a server or another tab wrote: 0.4 kB) with
 * about 5% headroom, so growth is a decision.
 */
const COOKIE_STORE_BUDGET = 3_300

describe('the cookie store', () => {
  it('is left out of an app that only creates a session', async () => {
    const app = await bundleImports([createSession])
    const withCookies = await bundleImports([createSession, cookieStore])
    for (const marker of COOKIE_MARKERS) {
      expect(app.code).not.toContain(marker)
      expect(withCookies.code).toContain(marker)
    }
  })

  it('adds a small, bounded cost to an app that imports it', async () => {
    const added = await measureAddition(cookieStore)
    console.log(
      `createCookieStore adds ${added.minified} B min, ${added.gzipped} B min+gzip to createSession`,
    )
    expect(added.gzipped).toBeGreaterThan(0)
    expect(added.gzipped).toBeLessThanOrEqual(COOKIE_STORE_BUDGET)
  })
})
