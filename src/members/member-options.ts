/** The options of `createMemberAuth()`, checked and with their defaults. */
import type { Session } from '../session-api'
import type { MemberAuthOptions } from './member-auth.types'
import {
  DEFAULT_PENDING_LOGIN_LIFETIME_MS,
  type PendingLoginStore,
  sessionStoragePendingLogins,
} from './pending-login'
import { isWebUrl } from './redirect-sessions'

/**
 * How long one request to Wix (a login or logout URL, a code exchange) may take.
 *
 * @example
 * ```ts
 * createMemberAuth(session, { redirectUri, requestTimeout: 2 * DEFAULT_MEMBER_REQUEST_TIMEOUT_MS })
 * ```
 */
export const DEFAULT_MEMBER_REQUEST_TIMEOUT_MS = 10_000

export interface ResolvedMemberOptions {
  redirectUri: string
  appOrigin: string
  pendingLogin: PendingLoginStore
  pendingLoginLifetime: number
  requestTimeout: number
  fetch: typeof globalThis.fetch | undefined
  now: () => number
  location: MemberAuthOptions['location']
  history: MemberAuthOptions['history']
}

export function resolveMemberOptions(
  session: Session,
  options: MemberAuthOptions,
): ResolvedMemberOptions {
  const { redirectUri } = options ?? {}
  if (typeof redirectUri !== 'string' || !isWebUrl(redirectUri)) {
    throw new TypeError('headless-session: `redirectUri` must be an absolute http(s) URL')
  }
  const pendingLogin = options.pendingLogin ?? sessionStoragePendingLogins(session.clientId)
  if (pendingLogin === undefined) {
    throw new TypeError(
      'headless-session: there is no sessionStorage here; pass `pendingLogin`, a store kept per visitor',
    )
  }
  const location = options.location ?? (globalThis.location as MemberAuthOptions['location'])
  const history = options.history ?? (globalThis.history as MemberAuthOptions['history'])
  return {
    redirectUri,
    // The app lives where Wix sends the member back.
    appOrigin: new URL(redirectUri).origin,
    pendingLogin,
    pendingLoginLifetime: positive(options.pendingLoginLifetime, DEFAULT_PENDING_LOGIN_LIFETIME_MS),
    requestTimeout: positive(options.requestTimeout, DEFAULT_MEMBER_REQUEST_TIMEOUT_MS),
    fetch: options.fetch,
    now: options.now ?? Date.now,
    location,
    history,
  }
}

function positive(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError('headless-session: member auth timeouts must be positive finite numbers')
  }
  return value
}

export function requiredPage(page: MemberAuthOptions['location']) {
  if (page === undefined) {
    throw new TypeError('headless-session: completeLogin(url) needs the callback URL here')
  }
  return page
}
