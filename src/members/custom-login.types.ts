/**
 * The public shapes of custom login: its options, what a form sends, and the outcomes a
 * login, a registration, a verification or a silent login can have.
 */
import type { FrameHost } from './login-frame'

/**
 * How long Wix's login frame may take to answer, from the moment it is added to the page.
 * Its page answers at once; ten seconds covers a slow network, and is far from `@wix/sdk`'s
 * two minutes of a spinner when the answer can never come (a page origin Wix does not allow).
 *
 * @example
 * ```ts
 * createMemberAuth(session, { redirectUri, loginTimeout: DEFAULT_LOGIN_TIMEOUT_MS * 2 })
 * ```
 */
export const DEFAULT_LOGIN_TIMEOUT_MS = 10_000

/**
 * The options of `createMemberAuth()` that custom and silent login use.
 *
 * @example
 * ```ts
 * const members = createMemberAuth(session, { redirectUri, loginTimeout: 5_000 })
 * ```
 */
export interface CustomLoginOptions {
  /** Milliseconds Wix's login frame may take to answer. Default 10 s. */
  loginTimeout?: number
  /** Where the hidden login frame is added. Default: the page's `document`. */
  document?: FrameHost['document']
  /** Where the frame's message arrives. Default: the page's `window`. */
  window?: FrameHost['window']
}

/**
 * What the member typed into the app's login form.
 *
 * @example
 * ```ts
 * await members.login({ email: form.email.value, password: form.password.value })
 * ```
 */
export interface Credentials {
  /** Sent without surrounding spaces. */
  email: string
  password: string
  /** A reCAPTCHA token, when the site requires a captcha (`captcha_required` says so). */
  captchaToken?: string
  signal?: AbortSignal
}

/**
 * A new member: credentials, and what Wix keeps as their profile.
 *
 * @example
 * ```ts
 * await members.register({ email, password, profile: { nickname: 'Ada' } })
 * ```
 */
export interface Registration extends Credentials {
  profile?: { nickname?: string; firstName?: string; lastName?: string; [field: string]: unknown }
}

/**
 * Where a login, a registration or a verification left the member. `signed_in`: the
 * member's tokens are the session of every tab. `email_verification_required`: Wix
 * e-mailed a code; `verify(code)` answers with the next outcome. `owner_approval_required`:
 * the site's owner must approve the member first; the session stays the visitor's.
 *
 * @example
 * ```ts
 * let outcome = await members.login({ email, password })
 * if (outcome.status === 'email_verification_required') outcome = await outcome.verify(await askForCode())
 * if (outcome.status === 'owner_approval_required') show('The site owner must approve you first')
 * ```
 */
export type LoginOutcome =
  | { status: 'signed_in' }
  | {
      status: 'email_verification_required'
      /** Send the code Wix e-mailed; a wrong one (`verification_code_invalid`) may be retried. */
      verify(code: string, options?: { signal?: AbortSignal }): Promise<LoginOutcome>
    }
  | { status: 'owner_approval_required' }

/**
 * What a silent login found: `signed_in` (the member is the session of every tab) or
 * `signed_out` (nobody is logged in on Wix, as far as this page can tell; not an error).
 *
 * @example
 * ```ts
 * const { status } = await members.silentLogin()
 * render(status === 'signed_in' ? accountMenu : loginButton)
 * ```
 */
export type SilentLoginOutcome = { status: 'signed_in' } | { status: 'signed_out' }

/**
 * Custom login's part of `MemberAuth`.
 *
 * @example
 * ```ts
 * const outcome = await members.login({ email, password })
 * if (outcome.status === 'signed_in') location.assign('/account')
 * ```
 */
export interface CustomLogin {
  /** Log a member in with the app's own form. */
  login(credentials: Credentials): Promise<LoginOutcome>
  /** Register a new member; outcomes as for `login()`. */
  register(registration: Registration): Promise<LoginOutcome>
  /**
   * Ask Wix to e-mail a password-reset link leading to `redirectUrl`. Resolves the same
   * whether or not a member has this e-mail, so the answer tells nobody who is a member.
   */
  sendPasswordReset(
    email: string,
    options: { redirectUrl: string; signal?: AbortSignal },
  ): Promise<void>
  /** Is a member logged in on Wix in this browser? Then they become the session of every tab. */
  silentLogin(options?: { signal?: AbortSignal }): Promise<SilentLoginOutcome>
}
