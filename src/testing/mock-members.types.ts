/**
 * The member side of the mock Wix server: test members, the options of the login pages,
 * the e-mails the mock "sends", and the controls tests use to drive them.
 * `mock-wix-server.types.ts` holds the token side and the server itself.
 */

/**
 * A test member who can log in on the mock's login page and through the custom-login
 * endpoints. Each member keeps one member ID for the server's whole life, so logging in
 * twice gives different tokens of the same member.
 *
 * @example
 * const server = await startMockWixServer({
 *   members: [
 *     { email: 'ada@example.com', password: 'analytical' },
 *     { email: 'new@example.com', password: 'pending-1', requireEmailVerification: true },
 *     { email: 'old@example.com', password: 'expired-1', mustResetPassword: true },
 *   ],
 * })
 */
export interface MockMember {
  /** The login e-mail, matched without regard to case. */
  email: string
  password: string
  /** A fixed member ID. Default: a random UUID. */
  id?: string
  /**
   * Logging in answers `REQUIRE_EMAIL_VERIFICATION` (and "e-mails" a code, see
   * `server.verificationCode(email)`) until the member verifies it once.
   */
  requireEmailVerification?: boolean
  /** Logging in answers `REQUIRE_OWNER_APPROVAL` until `server.approveMember(email)`. */
  requireOwnerApproval?: boolean
  /** Logging in with the right password fails with `-19973` (password reset required). */
  mustResetPassword?: boolean
  /** Sent back as `identity.identityProfile`. */
  profile?: { nickname?: string; firstName?: string; lastName?: string }
}

/**
 * The member side of `startMockWixServer`'s options. Every field is optional.
 *
 * @example
 * const server = await startMockWixServer({
 *   members: [{ email: 'ada@example.com', password: 'analytical' }],
 *   redirectUris: ['http://127.0.0.1:5173/callback'],
 *   autoLogin: 'ada@example.com',
 * })
 */
export interface MockMemberOptions {
  /** Members who exist from the start. More can register or be added with `addMember`. */
  members?: MockMember[]
  /**
   * The OAuth app's allow-list of `redirectUri`s, matched exactly (as Wix does). A login
   * redirect session naming any other URI is refused with a 400. Default: none.
   */
  redirectUris?: string[]
  /**
   * Origins (`scheme://host:port`) the `web_message` login page may post its answer to,
   * besides the origins of `redirectUris`. A parent page on any other origin never gets it.
   */
  allowedOrigins?: string[]
  /**
   * The e-mail of a member the login page logs in at once, without showing the form, for
   * tests that follow redirects programmatically. Also `server.setAutoLogin(email)` or
   * `POST /__mock/auto-login { email }` at run time. Default: off (the form is shown).
   */
  autoLogin?: string
  /**
   * Seconds an authorization code, and a custom-login `sessionToken`, stay redeemable.
   * Default 60. OAuth allows at most 10 minutes (600).
   */
  codeLifetime?: number
  /**
   * Seconds a redirect session (its login or logout URL), and a verification
   * `stateToken`, stay usable. Default 600.
   */
  redirectSessionLifetime?: number
  /**
   * When set, custom login and registration require a captcha: with no `captchaTokens`
   * they fail with `-19971`, with any token other than this one with `-19970`.
   */
  captchaToken?: string
  /**
   * What registering answers: `SUCCESS` by default, `REQUIRE_EMAIL_VERIFICATION` or
   * `REQUIRE_OWNER_APPROVAL` when the matching flag is set.
   */
  newMembers?: { requireEmailVerification?: boolean; requireOwnerApproval?: boolean }
}

/**
 * The member-side endpoints the request log and faults tell apart. Token requests are
 * `token`.
 * - `redirect-session`: `POST …/v1/redirect-session` (login and logout URLs).
 * - `login-page`: the login page at a login session's `fullUrl` (form, submit, cancel).
 * - `logout-page`: the page at a logout session's `fullUrl`.
 * - `login`, `register`, `verify`, `recovery`: the custom-login endpoints.
 *
 * @example
 * server.injectFault({ endpoint: 'login', status: 503 })
 */
export type MockEndpoint =
  | 'token'
  | 'redirect-session'
  | 'login-page'
  | 'logout-page'
  | 'login'
  | 'register'
  | 'verify'
  | 'recovery'

/**
 * An e-mail the mock "sent": a verification code, or a password-reset link.
 *
 * @example
 * const reset = server.emails.find((mail) => mail.kind === 'password-reset')
 * expect(reset).toMatchObject({ to: 'ada@example.com', redirectUrl: 'http://app/reset' })
 */
export interface MockEmail {
  /** 1, 2, 3… in the order sent. */
  id: number
  kind: 'verification' | 'password-reset'
  /** The member's e-mail address. */
  to: string
  /** `Date.now()` when it was sent. */
  sentAt: number
  /** The verification code, for `kind: 'verification'`. */
  code?: string
  /** Where the reset link leads, for `kind: 'password-reset'`. */
  redirectUrl?: string
  /** The client ID that asked for the reset. */
  clientId?: string
}

/**
 * What a test can do to the member side of a running mock.
 *
 * @example
 * server.setAutoLogin('ada@example.com')
 * const code = server.verificationCode('new@example.com')
 */
export interface MockMemberControls {
  /** `${url}/_api/redirects-api/v1/redirect-session`: where login and logout URLs are made. */
  redirectSessionUrl: string
  /** Every e-mail sent so far, oldest first. */
  readonly emails: readonly MockEmail[]
  /** The code of the latest verification e-mail sent to `email`, or `null` if none was. */
  verificationCode(email: string): string | null
  /** The member ID of `email`, or `null` for no such member. */
  memberId(email: string): string | null
  /** Adds a member (as with the `members` option); returns their member ID. */
  addMember(member: MockMember): string
  /** The member no longer needs the owner's approval to log in. */
  approveMember(email: string): void
  /** The login page logs this member in at once; `null` shows the form again. */
  setAutoLogin(email: string | null): void
}
