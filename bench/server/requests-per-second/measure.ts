/**
 * Requests per second of the three routes of `site-process.ts`, run as a script of its
 * own (the load generator) against the site in another process, so that the server and
 * its client each have a core. The routes take turns, round after round, so background
 * load hits each alike. Besides the requests per second the client sees, the server's CPU
 * time per answer is read from the server itself (`/stats`), which depends less on the
 * client and on the machine's other load. Prints its result as JSON.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { type Summary, summarise } from '../../support/stats'
import { runLoad } from './load'
import { ROUTES, type Route, type SiteReady, type SiteStats } from './routes'

const siteScript = fileURLToPath(new URL('./site-process.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

const CONNECTIONS = 16
const WARM_UP_ROUNDS = 2
const MEASURED_ROUNDS = 7
const ROUND_MS = 1_000

export interface RouteFigures {
  requestsPerSecond: Summary
  /** The server process's CPU time per answer, in microseconds. */
  cpuMicrosPerRequest: Summary
  /** Bytes of the `Cookie` header the route's requests carry. */
  cookieBytes: number
}

export interface ServerRequestsPerSecondResult {
  connections: number
  rounds: number
  roundMs: number
  routes: Record<Route, RouteFigures>
  /** Token requests the mock received while the routes were measured: 0, or the run is void. */
  tokenRequestsDuringLoad: number
}

async function startSite(): Promise<{ ready: SiteReady; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', siteScript], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  const [line] = await Promise.race([
    new Promise<[string]>((resolve) => lines.once('line', (first) => resolve([first]))),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`the site exited (${code}) before it was ready`)),
      ),
    ),
  ])
  lines.close()
  return { ready: JSON.parse(line) as SiteReady, stop: () => child.stdin.end() }
}

async function statsOf(url: string): Promise<SiteStats> {
  const response = await fetch(`${url}/stats`)
  return (await response.json()) as SiteStats
}

async function measure(): Promise<ServerRequestsPerSecondResult> {
  const { ready, stop } = await startSite()
  try {
    const port = Number(new URL(ready.url).port)
    // `/bare` carries our cookie too: the same request as `/ours`, without `fromRequest()`.
    const cookieOf: Record<Route, string> = { bare: ready.cookies.ours, ...ready.cookies }
    const figures: Record<Route, { rps: number[]; cpu: number[] }> = {
      bare: { rps: [], cpu: [] },
      template: { rps: [], cpu: [] },
      ours: { rps: [], cpu: [] },
    }
    const statsBefore = await statsOf(ready.url)
    for (let i = 0; i < WARM_UP_ROUNDS + MEASURED_ROUNDS; i++) {
      // Each round starts with another route, so none always follows the same one.
      const order = ROUTES.map((_, index) => ROUTES[(index + i) % ROUTES.length] as Route)
      for (const route of order) {
        const before = await statsOf(ready.url)
        const load = await runLoad({
          port,
          path: `/${route}`,
          cookie: cookieOf[route],
          connections: CONNECTIONS,
          durationMs: ROUND_MS,
        })
        const after = await statsOf(ready.url)
        if (load.errors > 0) throw new Error(`/${route} answered ${load.errors} errors`)
        if (i < WARM_UP_ROUNDS) continue
        const answered = after.answers[route] - before.answers[route]
        figures[route].rps.push((load.answers / load.elapsedMs) * 1000)
        // `/stats` itself is a few microseconds of the round: left in.
        figures[route].cpu.push((after.cpuMicros - before.cpuMicros) / answered)
      }
    }
    const statsAfter = await statsOf(ready.url)
    if (statsAfter.renewals > 0) throw new Error('a route renewed a valid cookie: the run is void')
    return {
      connections: CONNECTIONS,
      rounds: MEASURED_ROUNDS,
      roundMs: ROUND_MS,
      routes: Object.fromEntries(
        ROUTES.map((route) => [
          route,
          {
            requestsPerSecond: summarise(figures[route].rps),
            cpuMicrosPerRequest: summarise(figures[route].cpu),
            cookieBytes: Buffer.byteLength(cookieOf[route]),
          },
        ]),
      ) as Record<Route, RouteFigures>,
      tokenRequestsDuringLoad: statsAfter.tokenRequests - statsBefore.tokenRequests,
    }
  } finally {
    stop()
  }
}

process.stdout.write(JSON.stringify(await measure()))
