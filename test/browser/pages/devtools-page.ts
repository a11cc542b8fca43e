/**
 * The test page with the devtools panel mounted, open. Same URL parameters as the session
 * page, plus `title` (the document title, which other tabs' panels show).
 */
import { mountSessionDevtools } from 'headless-session/devtools'
import { session } from './session-page'

const params = new URL(location.href).searchParams
if (params.has('title')) document.title = params.get('title') as string

const unmount = mountSessionDevtools(session, { open: true })

declare global {
  interface Window {
    devtools: { unmount: () => void }
  }
}

window.devtools = { unmount }
