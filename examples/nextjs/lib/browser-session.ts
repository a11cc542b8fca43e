/**
 * The page's session, for client components: one per browser page, none on the server.
 * It keeps its tokens in the same cookie the server reads and writes
 * (`createCookieStore()`), so it starts with the visitor the server minted, without a
 * token request, and the server renders with whatever it refreshed.
 */
import { createCookieStore, createSession, type Session } from 'headless-session'
import { defineBrowserSession } from 'headless-session/react'
import type { BrowserWixConfig } from './wix-config'

let config: BrowserWixConfig | undefined

const getSession = defineBrowserSession(() => {
  if (!config) throw new Error('browserSession() needs the Wix configuration')
  return createSession({
    clientId: config.clientId,
    ...(config.tokenUrl ? { tokenUrl: config.tokenUrl } : {}),
    storage: createCookieStore(),
  }).start()
})

/**
 * The session of this page, created on the first call in the browser with the
 * configuration the server passed down; `null` on the server, where `useSession()`
 * renders the server's snapshot instead.
 */
export function browserSession(wix: BrowserWixConfig): Session | null {
  config ??= wix
  return getSession()
}
