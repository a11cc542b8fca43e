import { MemberDirectory, Outbox } from './member-directory'
import type { MockMemberOptions } from './mock-members.types'
import { OneTimeStore } from './one-time-store'
import type { RedirectSession } from './redirect-session-request'
import { SiteLogins } from './site-logins'
import type { TokenRegistry } from './token-registry'

/** What an authorization code stands for until it is exchanged. */
export interface CodeGrant {
  clientId: string
  /** The authorize request's `redirectUri`; `null` for a `web_message` login. */
  redirectUri: string | null
  codeChallenge: string
  memberId: string
  /** The token family the exchange minted, so a replayed code can revoke it. */
  familyId: string | null
}

/** A verification in progress: `code` is what the member was e-mailed. */
export interface StateTokenGrant {
  memberId: string
  code: string | null
}

/** Everything the member-side endpoints share, for one server. */
export interface MemberContext {
  registry: TokenRegistry
  clientIds: ReadonlySet<string>
  now: () => number
  /** The server's own base URL, where its login and logout pages are. */
  baseUrl: string
  members: MemberDirectory
  outbox: Outbox
  codes: OneTimeStore<CodeGrant>
  redirectSessions: OneTimeStore<RedirectSession>
  sessionTokens: OneTimeStore<{ memberId: string }>
  stateTokens: OneTimeStore<StateTokenGrant>
  siteLogins: SiteLogins
  settings: MemberSettings
}

export interface MemberSettings {
  redirectUris: ReadonlySet<string>
  /** Where the `web_message` page may post: the redirect URIs' origins and `allowedOrigins`. */
  postOrigins: readonly string[]
  codeLifetimeMs: number
  redirectSessionLifetimeMs: number
  captchaToken: string | null
  newMembers: NonNullable<MockMemberOptions['newMembers']>
  /** Changed at run time by `setAutoLogin`. */
  autoLogin: string | null
}

// ref: RFC 6749 §4.1.2 — "A maximum authorization code lifetime of 10 minutes is RECOMMENDED".
const maxCodeLifetimeSeconds = 600
// Long enough to type a password on the form, short enough that a test of expiry is cheap.
const defaultCodeLifetimeSeconds = 60
const defaultRedirectSessionLifetimeSeconds = 600

/** The checked options: throws on a bad one, before the server listens. */
export interface PreparedMembers {
  settings: MemberSettings
  members: MemberDirectory
}

export function prepareMembers(options: MockMemberOptions): PreparedMembers {
  const settings = checkedSettings(options)
  const members = new MemberDirectory()
  for (const member of options.members ?? []) members.add(member)
  if (settings.autoLogin !== null) members.require(settings.autoLogin)
  return { settings, members }
}

export function createMemberContext(
  { settings, members }: PreparedMembers,
  base: { registry: TokenRegistry; clientIds: ReadonlySet<string>; now: () => number },
  baseUrl: string,
): MemberContext {
  const { now } = base
  return {
    ...base,
    baseUrl,
    members,
    outbox: new Outbox(),
    codes: new OneTimeStore(now),
    redirectSessions: new OneTimeStore(now),
    sessionTokens: new OneTimeStore(now, 'JWS.'),
    stateTokens: new OneTimeStore(now, 'JWS.'),
    // Cookies ignore ports, so two mocks on 127.0.0.1 must not read each other's.
    siteLogins: new SiteLogins(`wix-mock-login-${new URL(baseUrl).port}`),
    settings,
  }
}

function checkedSettings(options: MockMemberOptions): MemberSettings {
  const redirectUris = (options.redirectUris ?? []).map(checkedRedirectUri)
  const extraOrigins = (options.allowedOrigins ?? []).map(checkedOrigin)
  const origins = [...redirectUris.map((uri) => new URL(uri).origin), ...extraOrigins]
  return {
    redirectUris: new Set(redirectUris),
    postOrigins: [...new Set(origins)],
    codeLifetimeMs:
      checkedSeconds('codeLifetime', options.codeLifetime, defaultCodeLifetimeSeconds) * 1000,
    redirectSessionLifetimeMs:
      checkedSeconds(
        'redirectSessionLifetime',
        options.redirectSessionLifetime,
        defaultRedirectSessionLifetimeSeconds,
      ) * 1000,
    captchaToken: options.captchaToken ?? null,
    newMembers: { ...options.newMembers },
    autoLogin: options.autoLogin ?? null,
  }
}

function checkedRedirectUri(uri: string): string {
  const parsed = URL.canParse(uri) ? new URL(uri) : null
  if (parsed === null || parsed.hash !== '' || parsed.origin === 'null') {
    throw new TypeError(`redirectUris: "${uri}" must be an absolute URL without a fragment`)
  }
  return uri
}

function checkedOrigin(origin: string): string {
  const parsed = URL.canParse(origin) ? new URL(origin) : null
  if (parsed === null || parsed.origin !== origin) {
    throw new TypeError(`allowedOrigins: "${origin}" must be an origin like http://127.0.0.1:5173`)
  }
  return origin
}

function checkedSeconds(name: string, value: number | undefined, fallback: number): number {
  const seconds = value ?? fallback
  const limit = name === 'codeLifetime' ? maxCodeLifetimeSeconds : Number.POSITIVE_INFINITY
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > limit) {
    const range = Number.isFinite(limit) ? `from 1 to ${limit}` : 'of at least 1'
    throw new RangeError(`${name} must be a whole number of seconds ${range}, got ${seconds}`)
  }
  return seconds
}
