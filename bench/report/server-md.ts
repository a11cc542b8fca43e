/** The server benchmarks' sections of `docs/performance.md`. */
import type { Measurements } from '../results'
import type { ServerImplementation } from '../server/implementations'
import type { Summary } from '../support/stats'
import type { TokenRequestCount } from '../token-requests/scenario'
import { count, table } from './format'

const NAMES: Record<ServerImplementation, string> = {
  ours: 'headless-session',
  commerce: 'Wix `nextjs/commerce` template',
  ticketing: 'Wix ticketing template',
}

const rotation = (rotate: boolean) => (rotate ? 'rotated' : 'kept')

const alone = (name: string) => `Run alone: \`npx tsx bench/run.ts ${name}\`.`

const requestsPerSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`

const micros = (value: number) => `${value.toFixed(1)} µs`

/** `5 = 2 anonymous + 3 refresh (2 refused)`; `0` for none. */
function requestCell(requests: TokenRequestCount): string {
  if (requests.total === 0) return '0'
  const parts = [
    requests.anonymous > 0 ? `${requests.anonymous} anonymous` : '',
    requests.refresh > 0
      ? `${requests.refresh} refresh${requests.refreshRejected > 0 ? ` (${requests.refreshRejected} refused)` : ''}`
      : '',
  ].filter(Boolean)
  return `${count(requests.total)} = ${parts.join(' + ')}`
}

/** One figure over rounds: the value, or `min–max` when the rounds differ. */
function overRounds(values: readonly number[]): string {
  const min = Math.min(...values)
  const max = Math.max(...values)
  return min === max ? count(min) : `${count(min)}–${count(max)}`
}

export function serverSections(measurements: Measurements): string {
  return [
    serverRequestsPerSecond(measurements),
    serverExpiredCookie(measurements),
    serverFirstVisit(measurements),
  ].join('\n')
}

function serverRequestsPerSecond({ serverRequestsPerSecond: result }: Measurements): string {
  const { bare, template, ours } = result.routes
  const row = (name: string, what: string, figures: typeof ours) => [
    name,
    what,
    requestsPerSecond(figures.requestsPerSecond.median),
    `${requestsPerSecond(figures.requestsPerSecond.min)} – ${requestsPerSecond(figures.requestsPerSecond.max)}`,
    micros(figures.cpuMicrosPerRequest.median),
    `${micros(figures.cpuMicrosPerRequest.min)} – ${micros(figures.cpuMicrosPerRequest.max)}`,
    count(figures.cookieBytes),
  ]
  const more = (than: Summary) => micros(ours.cpuMicrosPerRequest.median - than.median)
  return [
    '## Server: requests per second with a valid cookie',
    '',
    `One Node HTTP server on 127.0.0.1, in a process of its own, with three routes that differ only in what they do with the session. Every route first builds a Web \`Request\` from Node's request (every header copied), as a Next.js or edge adapter does before any middleware runs. A load generator in another process (raw sockets, ${result.connections} keep-alive connections, one request in flight on each) gives each route ${result.rounds} measured rounds of ${result.roundMs} ms, after two warm-up rounds; the routes take turns, round after round. Requests per second are what the client saw; the server's CPU time per answer is read from the server process itself (\`process.cpuUsage()\`), and depends less on the client and on the machine's other load. Both cookies are valid for hours: the mock received ${count(result.tokenRequestsDuringLoad)} token requests while the routes were measured, and no answer set a cookie.`,
    '',
    "What is measured: the template's middleware finds `wix-session` in the `Cookie` header, percent-decodes it, `JSON.parse`s it and compares `accessToken.expiresAt` with the clock, trusting the rest (a damaged cookie throws). `fromRequest()` reads its cookie (and any chunks), decodes base64url and UTF-8, parses the versioned record and validates every field, the client ID and the token order, checks the refresh margin, and returns the session with the request's `Cookie` header as the render should see it. Neither calls Wix. The bare route carries this library's cookie too, so it is the `/ours` request without `fromRequest()`.",
    '',
    table(
      [
        'route',
        'per request',
        'requests per second (median)',
        'slowest – fastest round',
        'server CPU per answer (median)',
        'lowest – highest round',
        'Cookie header bytes',
      ],
      [
        row('`/bare`', 'the adapter only, no session', bare),
        row('`/template`', "the commerce template's middleware", template),
        row('`/ours`', '`sessions.fromRequest(request)`', ours),
      ],
    ),
    '',
    `Server CPU per answer, difference of the medians: \`fromRequest()\` costs ${more(template.cpuMicrosPerRequest)} more than the template's middleware, and ${more(bare.cpuMicrosPerRequest)} more than no session at all. ${alone('server-requests-per-second')}`,
    '',
  ].join('\n')
}

function serverExpiredCookie({ serverExpiredCookie: result }: Measurements): string {
  const rows = result.runs.map((run) => {
    const of = (pick: (round: (typeof run.rounds)[number]) => number) =>
      overRounds(run.rounds.map(pick))
    const refused = of((round) => round.requests.refreshRejected)
    return [
      NAMES[run.implementation],
      rotation(run.rotateRefreshTokens),
      of((round) => round.requests.total),
      of((round) => round.requests.anonymous),
      refused === '0'
        ? of((round) => round.requests.refresh)
        : `${of((round) => round.requests.refresh)} (${refused} refused)`,
      of((round) => round.requests.visitorsMinted),
      of((round) => round.visitorsServed),
      of((round) => round.failures),
      of((round) => round.nextRequest),
    ]
  })
  return [
    `## Server: ${count(result.requests)} concurrent requests with one expired cookie`,
    '',
    `A site's server on 127.0.0.1 (\`bench/server/site.ts\`) runs one implementation's server side for every request, then calls the mock Wix API with the token it got, so an answer's visitor is the mock's word. One request without a cookie mints a visitor (not counted); once its access token (${result.tokenLifetimeS} s) has expired, and \`@wix/sdk\`'s whole-second clock agrees, ${count(result.requests)} requests carrying that cookie are sent at once, in Node, over their own connections (the tokens they get live Wix's 4 hours). Every token request takes ${result.latencyMs} ms (a delay in the mock), the round trip to Wix the loopback lacks. Each implementation runs against a mock that rotates refresh tokens (the mock's default) and one that keeps them; ${result.runs[0]?.rounds.length ?? 0} rounds each, a figure shown as a range when the rounds differ. Ideal: one refresh, one visitor in every answer, and nothing more for the next request.`,
    '',
    "- headless-session: `createServerSessions()` on the site's server; concurrent `fromRequest()` calls carrying one refresh token share one refresh.",
    "- The `nextjs/commerce` template's middleware, written out by hand (`bench/server/commerce-template.ts`): renews with the real `@wix/sdk` when `accessToken.expiresAt < now`, and mints a new visitor when the renewal fails. `@wix/sdk` keeps the old refresh token after a renewal.",
    "- The ticketing template's server side (`bench/server/ticketing-template.ts`): its cookie holds only the refresh token, so every request renews, expired or not; a failed renewal mints a visitor in memory and leaves the dead refresh token in the cookie.",
    '- "next request": one more request carrying the cookie the browser keeps after the burst (the last one the answers set, or the expired one if none did).',
    '',
    table(
      [
        'implementation',
        'refresh tokens',
        'token requests',
        'anonymous',
        'refresh_token',
        'visitors minted',
        'visitors in the answers',
        'failed answers',
        'next request: token requests',
      ],
      rows,
    ),
    '',
    alone('server-expired-cookie'),
    '',
  ].join('\n')
}

function serverFirstVisit({ serverFirstVisit: result }: Measurements): string {
  const ideal = result.steps.reduce((sum, step) => sum + step.ideal, 0)
  const rows = result.runs.map((run) => [
    NAMES[run.implementation],
    rotation(run.rotateRefreshTokens),
    ...run.steps.map((step) =>
      step.failures > 0
        ? `${requestCell(step.requests)}, ${count(step.failures)} failed`
        : requestCell(step.requests),
    ),
    count(run.requests.total),
    count(run.visitors),
  ])
  return [
    '## Server and browser together: a first visit, then a lifetime later, in Chromium',
    '',
    `A site's own server (\`bench/server/site.ts\`) runs one implementation's server side for every page it serves and calls the mock Wix API with the token it got, as a server component would; the page, in real Chromium, runs that implementation's browser side and calls the same API with its token on load (\`bench/pages/server-*.ts\`). Every token request of both goes to one mock server, counted step by step: ${result.steps.map((step) => `${step.name} (ideal ${step.ideal})`).join('; ')}. "A lifetime later" is ${(result.lifetimeLaterMs / 1000).toFixed(1)} s after the first mint, past the first tokens' expiry; each tab then calls the API (a click), and the first tab reloads. Tokens live ${result.tokenLifetimeS} s; every token request takes ${result.latencyMs} ms; this library's margins are scaled to the share of a lifetime their defaults take (browser ${result.browserRefreshMarginMs} ms, server ${result.serverRefreshMarginMs} ms). Each variant has its own browser context, site and mock, and all run at once.`,
    '',
    '- headless-session: `fromRequest()` on the server, `createSession({ storage: createCookieStore() })` in the page, one cookie for both.',
    "- Wix `nextjs/commerce` template: its middleware on the server (as in the previous table); in the page, the real `@wix/sdk` `OAuthStrategy` given the tokens of the `wix-session` cookie (the whole `Tokens` JSON the middleware writes), renewing in memory and never writing the cookie back. The reference describes this template's server side; the page side is the one its cookie is shaped for.",
    "- Wix ticketing template, as the reference describes it: a `wix_refreshToken` cookie minted by the middleware, and the server and the page each starting from an empty access token and renewing on every page load, never writing back. Charitable on one point: on the first visit the server's render uses the refresh token the middleware just minted.",
    "- Visitors: distinct visitors whose tokens the server renders and the pages used over the whole run, by the mock's word (ideal 1).",
    '',
    table(
      [
        'implementation',
        'refresh tokens',
        ...result.steps.map((step) => step.name),
        'token requests in all',
        'visitors',
      ],
      [['ideal', '', ...result.steps.map((step) => count(step.ideal)), count(ideal), '1'], ...rows],
    ),
    '',
    alone('server-first-visit'),
    '',
  ].join('\n')
}
