/**
 * The server's side of the session: one `createServerSessions()` and one member auth per
 * process, shared by every request. They hold no visitor's session (each request's comes
 * from its own cookie), so sharing them leaks nothing between visitors. Created on first
 * use rather than at import, so `next build` needs no configuration.
 */
import {
  createServerMemberAuth,
  createServerSessions,
  type ServerMemberAuth,
  type ServerSessions,
} from 'headless-session/server'
import { wixConfig } from './wix-config'

let sessions: ServerSessions | undefined
let members: ServerMemberAuth | undefined

export function serverSessions(): ServerSessions {
  if (!sessions) {
    const { clientId, tokenUrl } = wixConfig()
    sessions = createServerSessions({ clientId, ...(tokenUrl ? { tokenUrl } : {}) })
  }
  return sessions
}

export function memberAuth(): ServerMemberAuth {
  members ??= createServerMemberAuth(serverSessions(), {
    // Allow-list exactly this URL in the Wix OAuth app's settings.
    redirectUri: `${wixConfig().siteUrl}/auth/callback`,
  })
  return members
}
