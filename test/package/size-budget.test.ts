/**
 * The size budget: what an app pays, in its browser bundle, for `createSession`. Measured
 * from the built dist the way apps build (scripts/bundle-size.ts: esbuild with code
 * splitting), so the README's figures and this check are one measurement. Growth beyond
 * the budget fails the suite.
 *
 * Issue 10 asked for the initial load to be at most 25 kB min+gzip with dependencies
 * (xstate alone is 13 kB of it). It got there (24.9 kB) by loading ofetch (`session.fetch`)
 * and the inspector's redaction on first use, and by leaving the chart's state descriptions
 * to the `development` build. What came after is in the initial load because every session
 * may need it: a member's session that ends instead of turning into a visitor (the ending
 * persisted and shared between tabs), the `authorization_code` grant, and the store watch
 * through which a page notices a server's `Set-Cookie`, and what the members' model runs
 * found missing (0.5 kB: the sessions a tab has left, a sign-out that forgets only the
 * session it signed out and survives a restart, an ended member never taking another
 * tab's older visitor, generations counted as births and refreshes). The budget is
 * today's size with a little headroom; docs/performance.md lists the parts.
 */
import { describe, expect, it } from 'vitest'
import { bundleImports, measureAddition, measureLibrary } from '../../scripts/bundle-size'

/** min+gzip bytes (1 kB = 1,000 bytes). */
const SIZE_BUDGET = {
  /** `import { createSession } from 'headless-session'`, dependencies included: the initial load. */
  withDependencies: 26_300,
  /** The same, with xstate, ofetch and idb-keyval left out: the library's own code. */
  ownCode: 13_300,
  /** Loaded on first use only: ofetch for `session.fetch`, the inspector's redaction. */
  lazy: 5_200,
  /** What `headless-session/wix-sdk` adds to an app that already has createSession. */
  wixSdkAdapter: 500,
  /**
   * What `headless-session/members` adds to createSession: managed login and logout
   * (3.0 kB), custom login, registration, verification and silent login (2.2 kB). Loading
   * the custom part on first use was measured and not kept: the chunk it shares with the
   * entry costs 0.6 kB of the initial load and a round trip before a silent login.
   */
  members: 5_500,
}

describe('the size budget (min+gzip, needs `npm run build`)', () => {
  it('keeps createSession with its dependencies and its own code within budget', async () => {
    const { total, own } = await measureLibrary()
    console.log(
      `createSession: ${total.gzipped} B initial with dependencies (+ ${total.lazyGzipped} B lazy), ${own.gzipped} B own code (min+gzip)`,
    )
    expect(total.gzipped).toBeLessThanOrEqual(SIZE_BUDGET.withDependencies)
    expect(total.lazyGzipped).toBeLessThanOrEqual(SIZE_BUDGET.lazy)
    expect(own.gzipped).toBeLessThanOrEqual(SIZE_BUDGET.ownCode)
    // The dependencies are bundled once, not per entry: own code is most of the difference.
    expect(total.gzipped - own.gzipped).toBeGreaterThan(12_000)
  })

  it('loads ofetch only when session.fetch is first called', async () => {
    const app = await bundleImports([{ specifier: 'headless-session', names: ['createSession'] }])
    // ofetch's own error text: present in the lazy chunk, absent from the initial load.
    const marker = 'FetchError'
    expect(app.code).not.toContain(marker)
    expect(app.lazyCode).toContain(marker)
  })

  it('ships state descriptions in the development build only', async () => {
    const description = 'Created or stopped; no work under way.'
    const imports = [{ specifier: 'headless-session', names: ['createSession'] }]
    const [production, development] = await Promise.all([
      bundleImports(imports),
      bundleImports(imports, { conditions: ['development'] }),
    ])
    expect(production.code).not.toContain(description)
    expect(development.code).toContain(description)
  })

  it('keeps the members entry a small addition, and out of apps that do not import it', async () => {
    const members = { specifier: 'headless-session/members', names: ['createMemberAuth'] }
    const added = await measureAddition(members)
    console.log(`createMemberAuth adds ${added.minified} B min, ${added.gzipped} B min+gzip`)
    expect(added.gzipped).toBeLessThanOrEqual(SIZE_BUDGET.members)
    const app = await bundleImports([{ specifier: 'headless-session', names: ['createSession'] }])
    // Its own words, present only where it is imported.
    expect(app.code).not.toContain('redirect-session')
    expect((await bundleImports([members])).code).toContain('redirect-session')
  })

  it('keeps the @wix/sdk adapter a small addition', async () => {
    const added = await measureAddition({
      specifier: 'headless-session/wix-sdk',
      names: ['createWixAuth', 'fromWixTokens', 'toWixTokens'],
    })
    expect(added.gzipped).toBeLessThanOrEqual(SIZE_BUDGET.wixSdkAdapter)
  })
})
