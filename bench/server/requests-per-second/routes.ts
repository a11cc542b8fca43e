/** What the requests-per-second site (`site-process.ts`) serves and reports. */

export const ROUTES = ['bare', 'template', 'ours'] as const
export type Route = (typeof ROUTES)[number]

export interface SiteStats {
  /** `process.cpuUsage()`, user + system, in microseconds. */
  cpuMicros: number
  answers: Record<Route, number>
  /** Answers that carried `Set-Cookie`: renewals, which a valid cookie never needs. */
  renewals: number
  tokenRequests: number
}

export interface SiteReady {
  url: string
  /** The `Cookie` header each route's requests carry. */
  cookies: Record<Exclude<Route, 'bare'>, string>
}
