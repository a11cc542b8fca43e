/**
 * `returnTo`: where the app goes once a member is logged in. It is kept with the pending
 * login and handed back by `completeLogin()`, so it must never become an open redirect: it
 * is accepted, and handed back, only as a path on the app's own origin.
 */
import { SessionError } from '../errors'

/**
 * `returnTo` as a path (with query and fragment) on `appOrigin`, or throws
 * `invalid_return_to`. Relative paths resolve against the app's origin; `//elsewhere`,
 * `https://elsewhere`, `javascript:` and the like are refused.
 */
export function sameOriginPath(returnTo: string, appOrigin: string): string {
  let resolved: URL
  try {
    resolved = new URL(returnTo, `${appOrigin}/`)
  } catch {
    throw invalidReturnTo()
  }
  if (resolved.origin !== appOrigin || !/^https?:$/.test(resolved.protocol)) {
    throw invalidReturnTo()
  }
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}

function invalidReturnTo(): SessionError {
  return new SessionError(
    'invalid_return_to',
    "returnTo must be a path on the app's own origin (it can never send the member elsewhere)",
  )
}
