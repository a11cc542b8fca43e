/**
 * The first-visit benchmark's page for this library: a session kept in the cookie the
 * site's server writes (`createCookieStore()`), which adopts the visitor the server
 * minted, configured from the URL (see `server-page.ts`).
 */
import { createCookieStore, createSession } from 'headless-session'
import { clientId, params, runServerPage } from './server-page'

const refreshMargin = params.get('refreshMargin')
const session = createSession({
  clientId,
  ...(params.has('tokenUrl') ? { tokenUrl: params.get('tokenUrl') as string } : {}),
  ...(refreshMargin === null ? {} : { refreshMargin: Number(refreshMargin) }),
  storage: createCookieStore(),
}).start()

runServerPage(() => session.getAccessToken())
