/** Renders a benchmark run as `docs/performance.md`. */
import type { BenchRun, Measurements } from '../results'
import type { Summary } from '../support/stats'
import {
  CALLER_PAUSE_MS,
  type ImplementationRun,
  SCALED_REFRESH_MARGIN_MS,
  TOKEN_LIFETIME_S,
  TOKEN_REQUEST_LATENCY_MS,
} from '../token-requests/scenario'
import { count, kB, ms, perSecond, table, wholeMs } from './format'
import { serverSections } from './server-md'

export function renderPerformanceMd(run: BenchRun): string {
  const { machine } = run
  return [
    '# Performance',
    '',
    'What this library costs and saves, measured side by side with the alternatives in one run.',
    'Every figure on this page comes from the run described here; none is typed in by hand.',
    '',
    `- Produced by \`${run.command}\`, started ${run.startedAt}; the whole run took ${Math.round(run.durationS)} s.`,
    `- Machine: ${machine.cpuCount} × ${machine.cpuModel}${machine.cpuMhz > 0 ? ` (${machine.cpuMhz} MHz)` : ''}, ${machine.memoryGiB} GiB, ${machine.os}; load average ${machine.loadAverage.join(' / ')} at the start. The machine is shared, so timings are noisy: compare the figures of one run, not across runs.`,
    `- Node ${machine.node}; Chromium ${machine.chromium} (Debian's, headless, driven by playwright-core).`,
    '- Raw results: `bench/results/latest.json`. The code: `bench/`.',
    '',
    tokenRequests(run.measurements),
    callsPerSecond(run.measurements),
    coldStart(run.measurements),
    crossTab(run.measurements),
    serverSections(run.measurements),
    bundleSize(run.measurements),
  ].join('\n')
}

function tokenRequests({ tokenRequests: results }: Measurements): string {
  const row = (scenario: string, name: string, run: ImplementationRun, ideal: number) => [
    scenario,
    name,
    count(run.requests.total),
    count(run.requests.anonymous),
    run.requests.refreshRejected > 0
      ? `${count(run.requests.refresh)} (${count(run.requests.refreshRejected)} refused)`
      : count(run.requests.refresh),
    count(run.requests.visitorsMinted),
    count(ideal),
    `${count(run.callers.calls)} / ${count(run.callers.failures)}`,
  ]
  const rows = results.flatMap(({ scenario, ideal, ours, wixSdk, wixSdkRotating }) => {
    const name = `${scenario.tabs} × ${scenario.callers} × ${scenario.lifetimes}`
    return [
      row(name, 'headless-session', ours, ideal),
      row(name, '@wix/sdk, refresh tokens kept', wixSdk, ideal),
      row(name, '@wix/sdk, refresh tokens rotated', wixSdkRotating, ideal),
    ]
  })
  return [
    '## Token requests: N tabs × M concurrent callers × K token lifetimes',
    '',
    `In each of N tabs, M callers ask for a token in a loop (pausing ${CALLER_PAUSE_MS} ms after each answer, for the API call made with it) through K lifetimes of ${TOKEN_LIFETIME_S} s tokens and 80% of one more, so the ideal for the whole browser is one visitor minted and K refreshes. headless-session runs in N Chromium tabs of one browser context; the baseline, the real \`@wix/sdk\` \`OAuthStrategy\`, runs as N independent instances in Node, since it shares nothing between tabs and keeps tokens in memory. All of them run at the same time, with the same caller code (\`bench/workload/callers.ts\`), each against its own mock server.`,
    '',
    `- Every token request takes ${TOKEN_REQUEST_LATENCY_MS} ms (a delay injected in each mock server), standing in for the round trip to Wix that the loopback network lacks.`,
    `- headless-session's refresh margin is scaled to the share of a lifetime its default takes (5 minutes of 4 hours, so ${SCALED_REFRESH_MARGIN_MS} ms here); its mock server rotates refresh tokens.`,
    "- `@wix/sdk` only ever calls https://www.wixapis.com, so a fetch shim sends its token requests to its mock server. It keeps the old refresh token after a refresh, so it runs against a mock that keeps refresh tokens valid (charitable) and against one that rotates them (the mock's default).",
    "- Why 80% of a lifetime more: `@wix/sdk`'s expiry check compares whole seconds, so it hands out a token for up to a second past its expiry; with the extra 80% every implementation crosses exactly K expiries.",
    `- Visitors \`@wix/sdk\` minted with rotating refresh tokens, beyond those it minted with kept ones: ${results
      .map(
        ({ scenario, wixSdk, wixSdkRotating }) =>
          `${count(wixSdkRotating.requests.visitorsMinted - wixSdk.requests.visitorsMinted)} (${scenario.tabs} × ${scenario.callers} × ${scenario.lifetimes})`,
      )
      .join(', ')}.`,
    '',
    table(
      [
        'N × M × K',
        'implementation',
        'token requests',
        'anonymous',
        'refresh_token',
        'visitors minted',
        'ideal requests',
        'tokens handed out / failed calls',
      ],
      rows,
    ),
    '',
  ].join('\n')
}

function callsPerSecond({ callsPerSecond: result }: Measurements): string {
  const base = result.getAccessToken.median
  const row = (name: string, summary: Summary) => [
    name,
    perSecond(summary.median),
    `${perSecond(summary.min)} – ${perSecond(summary.max)}`,
    `${(summary.median / base).toFixed(summary.median / base >= 10 ? 0 : 2)}×`,
  ]
  return [
    '## `getAccessToken()` on a valid session: calls per second',
    '',
    `Node, one running session holding a valid token (memory store, mock server). The three loops take turns for ${result.rounds} measured rounds of ${result.roundMs} ms, after warm-up rounds; the median round is reported. The synchronous read is what V8 makes of a loop of property reads, next to nothing: a floor, not a target.`,
    '',
    table(
      [
        'how the token is read',
        'calls per second (median)',
        'slowest – fastest round',
        'relative to getAccessToken()',
      ],
      [
        row('`await session.getAccessToken()`', result.getAccessToken),
        row('`await Promise.resolve(obj.token)`', result.awaitPlainObject),
        row('`obj.token`, synchronous', result.syncPlainObject),
      ],
    ),
    '',
  ].join('\n')
}

function coldStart({ coldStart: result }: Measurements): string {
  const row = (name: string, figures: typeof result.storedSession) => [
    name,
    count(figures.loads),
    ms(figures.toFirstToken.median),
    ms(figures.toFirstToken.p95),
    ms(figures.sinceNavigation.median),
    count(figures.tokenRequests),
    count(figures.networkRequests),
    Object.entries(figures.reasons)
      .map(([reason, loads]) => `${reason} ×${loads}`)
      .join(', '),
  ]
  return [
    '## Cold start in Chromium',
    '',
    `A page creates a session and asks for a token; it times \`createSession()\` to the first token with \`performance.now()\`. With a stored session: the page mints once, is reloaded ${result.storedSession.loads} times (after warm-up reloads) and restores from IndexedDB each time; the ideal is no network request at all. The mock server counts token requests, the browser reports every request the pages send anywhere but to the page server (Playwright's network events, which leave out CORS preflights). For scale, a first visit (a fresh browser context each time, nothing stored) mints a visitor over the loopback network.`,
    '',
    table(
      [
        'session',
        'loads',
        'createSession() → token, median',
        'p95',
        'navigation → token, median',
        'token requests',
        'other-origin requests',
        'first tokens',
      ],
      [
        row('stored (a reload)', result.storedSession),
        row('none (a first visit)', result.firstVisit),
      ],
    ),
    '',
  ].join('\n')
}

function crossTab({ crossTab: results }: Measurements): string {
  return [
    '## Cross-tab propagation in Chromium',
    '',
    `Tabs of one browser context hold one session; tab A calls \`refresh()\`. Measured from A's \`tokensChanged\` (reason \`refreshed\`, emitted when it has committed the new tokens to IndexedDB) to each other tab's \`tokensChanged\` (reason \`adopted\`: it heard the announcement and found the same tokens in IndexedDB), by \`Date.now()\` in each page (one machine, one clock, 1 ms resolution).`,
    '',
    table(
      [
        'tabs',
        'refreshes',
        'to each other tab, median',
        'p95',
        'to the last tab, median',
        'p95',
        'max',
      ],
      results.map((result) => [
        count(result.tabs),
        count(result.refreshes),
        wholeMs(result.toEachTab.median),
        wholeMs(result.toEachTab.p95),
        wholeMs(result.toLastTab.median),
        wholeMs(result.toLastTab.p95),
        wholeMs(result.toLastTab.max),
      ]),
    ),
    '',
  ].join('\n')
}

function bundleSize({ bundleSize: results }: Measurements): string {
  return [
    '## Bundle size',
    '',
    "One esbuild build per library of what an app imports for its sessions: browser platform, ESM, minified, code splitting, every dependency bundled, ES2022; then gzip at level 9. The figures are the initial load (what an app downloads before it runs); code loaded with `import()` on first use is the lazy column. This library is built from its package's `dist/`, as an app would get it. The largest parts are bytes in the minified initial load, by package.",
    '',
    table(
      ['library', 'version', 'entry', 'min', 'min + gzip', 'lazy (gzip)', 'largest parts (min)'],
      results.map((result) => [
        result.library,
        result.version,
        `\`${result.entry}\``,
        kB(result.minBytes),
        kB(result.gzipBytes),
        result.lazyGzipBytes > 0 ? kB(result.lazyGzipBytes) : '—',
        result.largestParts.map((part) => `${part.name} ${kB(part.bytes)}`).join(', '),
      ]),
    ),
    '',
  ].join('\n')
}
