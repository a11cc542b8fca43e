/**
 * The errors of a member's login and logout, shared by the browser (`member-auth.ts`) and
 * the server routes (`../server/members.ts`): each its own code, none quoting anything
 * secret or free text from the URL.
 */
import { isSessionError, SessionError } from '../errors'

/** The error Wix put in the callback, as the session's own. */
export function callbackError(error: string | null): SessionError {
  if (error === 'access_denied') {
    return new SessionError('login_cancelled', 'The member cancelled the login')
  }
  if (error === 'login_required') {
    return new SessionError('login_required', 'Nobody is logged in on Wix (prompt: none)')
  }
  // The code is Wix's; it is shown only when it looks like one (never free text).
  const code = error !== null && /^[a-z_]{1,64}$/.test(error) ? ` (${error})` : ''
  return new SessionError('login_failed', `Wix did not log the member in${code}`)
}

export function codeRejected(error: SessionError): SessionError {
  return new SessionError(
    'login_code_rejected',
    'Wix refused the login code (used already, expired, or from another login); start the login again',
    { ...(error.status === undefined ? {} : { status: error.status }), cause: error },
  )
}

export function logoutIncomplete(failure: unknown): SessionError {
  const reason = isSessionError(failure) ? failure.code : 'unexpected'
  return new SessionError(
    'logout_incomplete',
    `Logged out in this browser, but Wix's logout URL could not be made (${reason}); the member may still be logged in on Wix's pages`,
    { cause: failure, retryable: isSessionError(failure) && failure.retryable },
  )
}
