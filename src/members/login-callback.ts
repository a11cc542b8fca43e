/**
 * Reading Wix's answer off the URL it sends the browser back to: `code` and `state`, or
 * `error` (and `error_description`), in the query or in the fragment depending on the
 * login's `responseMode`; and the same URL with all of them removed, for the address bar.
 */

/** What the callback URL says. Every field is untrusted input. */
export interface LoginCallback {
  code: string | null
  state: string | null
  error: string | null
  errorDescription: string | null
}

/** The parameters a callback carries, removed from the address bar once read. */
const CALLBACK_PARAMS = ['code', 'state', 'error', 'error_description', 'error_uri']

/** The callback's parameters: from the fragment when it carries any, else from the query. */
export function readLoginCallback(url: URL): LoginCallback {
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''))
  const fromFragment = CALLBACK_PARAMS.some((name) => fragment.has(name))
  const params = fromFragment ? fragment : url.searchParams
  return {
    code: params.get('code'),
    state: params.get('state'),
    error: params.get('error'),
    errorDescription: params.get('error_description'),
  }
}

/** `url` without any callback parameter, in the query or the fragment. */
export function withoutLoginCallback(url: URL): URL {
  const clean = new URL(url.href)
  for (const name of CALLBACK_PARAMS) clean.searchParams.delete(name)
  const fragment = new URLSearchParams(clean.hash.replace(/^#/, ''))
  if (CALLBACK_PARAMS.some((name) => fragment.has(name))) {
    for (const name of CALLBACK_PARAMS) fragment.delete(name)
    const rest = fragment.toString()
    clean.hash = rest === '' ? '' : `#${rest}`
  }
  return clean
}
