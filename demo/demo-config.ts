/**
 * What `npm start` tells the demo page: which token endpoint to use and, with the mock
 * server, where its controls are. Injected at serve time (Vite `define`).
 */
export interface DemoConfig {
  clientId: string
  /** The token endpoint; `null` means Wix's real one (the library's default). */
  tokenUrl: string | null
  /** The mock Wix server's base URL, or `null` when the page talks to the real Wix. */
  mockUrl: string | null
  /** `expires_in` of the mock's access tokens, in seconds. */
  tokenLifetime: number | null
  /** The mock's test member, who can log in on its login page; `null` with the real Wix. */
  member: { email: string; password: string } | null
}
