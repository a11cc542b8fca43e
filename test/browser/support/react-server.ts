/**
 * The server side of the React page, in Node: for each request it reads the session cookie
 * the way a server does (the cookie codec, no session started), builds the server snapshot
 * from the tokens with `snapshotOfTokens()`, renders the app with `renderToString` and
 * hands the snapshot to the page as serialised props, as a framework hands a server
 * component's props to a client component. The app and the library are the built package,
 * the same code the page hydrates with.
 */
import type { IncomingMessage } from 'node:http'
import { type SessionSnapshot, snapshotOfTokens } from 'headless-session'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { decodeSessionCookies } from '../../../src/storage/cookie-codec'
import { parseCookieHeader } from '../../../src/storage/cookie-header'
import { decodeRecord } from '../../../src/storage/record'
import { App } from '../pages/react-app'
import type { PageRenderer } from './page-server'

/** What the server rendered, per request, for the tests to compare with the page. */
export interface ServerRender {
  url: string
  serverSnapshot: SessionSnapshot
  html: string
}

/** A renderer for the page server, and the log of what it rendered. */
export function reactServer(): { render: PageRenderer; renders: ServerRender[] } {
  const renders: ServerRender[] = []
  const render: PageRenderer = (name, request) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    // Only the hydrating page is server-rendered; the client-only modes get the shell.
    if (name !== 'react' || url.searchParams.has('mode')) return undefined
    const serverSnapshot = snapshotOfTokens(requestTokens(request, url))
    const html = renderToString(createElement(App, { serverSnapshot }))
    renders.push({ url: url.href, serverSnapshot, html })
    return { html: page(html, { serverSnapshot }) }
  }
  return { render, renders }
}

/** The tokens of the request's session cookie, or null: read, never refreshed or started. */
function requestTokens(request: IncomingMessage, url: URL) {
  const clientId = url.searchParams.get('clientId') ?? ''
  const read = decodeSessionCookies(parseCookieHeader(request.headers.cookie))
  const decoded = decodeRecord(read.kind === 'record' ? read.value : undefined, clientId)
  return decoded.kind === 'valid' ? decoded.tokens : null
}

function page(html: string, props: { serverSnapshot: SessionSnapshot }): string {
  // `<` escaped so that no value can close the script element.
  const json = JSON.stringify(props).replaceAll('<', '\\u003c')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>headless-session React test page (server-rendered)</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="root">${html}</div>
    <script id="props" type="application/json">${json}</script>
    <script type="module" src="/bundle/react-page.js"></script>
  </body>
</html>`
}
