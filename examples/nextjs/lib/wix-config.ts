/**
 * Which Wix OAuth app this server talks to. Read from the environment when the server
 * runs, not when it is built: one build serves Wix and the local mock server alike (the
 * mock's port is only known when it starts).
 *
 *   WIX_CLIENT_ID   the OAuth app's client ID (required)
 *   WIX_TOKEN_URL   the token endpoint; default Wix's (the mock's when run by the repository)
 *   SITE_URL        where this app is reached, e.g. https://shop.example; its
 *                   /auth/callback must be an allowed redirect URI of the OAuth app
 */

export interface WixConfig {
  clientId: string
  /** `undefined`: Wix's own endpoint. */
  tokenUrl: string | undefined
  /** The app's origin, without a trailing slash. */
  siteUrl: string
}

/** What the browser's session needs, passed down from the server as a prop. */
export interface BrowserWixConfig {
  clientId: string
  tokenUrl: string | null
}

export function wixConfig(): WixConfig {
  const clientId = process.env.WIX_CLIENT_ID?.trim()
  if (!clientId) {
    throw new Error('Set WIX_CLIENT_ID to the client ID of your Wix Headless OAuth app')
  }
  const tokenUrl = process.env.WIX_TOKEN_URL?.trim() || undefined
  const siteUrl = new URL(process.env.SITE_URL?.trim() || 'http://localhost:3000').origin
  return { clientId, tokenUrl, siteUrl }
}

export function browserWixConfig(): BrowserWixConfig {
  const { clientId, tokenUrl } = wixConfig()
  return { clientId, tokenUrl: tokenUrl ?? null }
}
