/**
 * The vocabulary of `createMemberAuth()`: its options, a login's options and outcome, and
 * the `MemberAuth` it returns. `member-auth.ts` gives it behaviour.
 */
import type { CustomLogin, CustomLoginOptions } from './custom-login.types'
import type { PendingLoginStore } from './pending-login'
import type { ResponseMode } from './redirect-sessions'

/**
 * Options of `createMemberAuth()`. Only `redirectUri` is required in a browser.
 *
 * @example
 * ```ts
 * const options: MemberAuthOptions = {
 *   redirectUri: 'https://shop.example/callback', // exactly as allow-listed in the Wix app
 *   pendingLoginLifetime: 5 * 60_000,
 * }
 * ```
 */
export interface MemberAuthOptions extends CustomLoginOptions {
  /** Where Wix sends the browser back: exactly one of the OAuth app's allowed redirect URIs. */
  redirectUri: string
  /**
   * Where a login in progress is kept across the trip to Wix. Default: `sessionStorage`
   * (this tab only). Required where there is none (Node, a server: keep it per visitor).
   */
  pendingLogin?: PendingLoginStore
  /** Milliseconds a login may take from `loginUrl()` to `completeLogin()`. Default 10 minutes. */
  pendingLoginLifetime?: number
  /** Milliseconds one request to Wix may take. Default 10 s. */
  requestTimeout?: number
  /** The fetch for Wix's APIs. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Epoch milliseconds. Default `Date.now`. */
  now?: () => number
  /**
   * The page: `completeLogin()` reads the callback from `location.href` and removes it from
   * the address bar with `history.replaceState`. Default: the real ones, where they exist.
   */
  location?: { readonly href: string; readonly origin: string }
  history?: { replaceState(data: unknown, unused: string, url?: string | URL): void }
}

/**
 * Options of one login.
 *
 * @example
 * ```ts
 * location.assign(await members.loginUrl({ idp: 'google', returnTo: '/account/orders' }))
 * ```
 */
export interface LoginOptions {
  /** `login` (default) shows Wix's form; `none` answers at once (`login_required` if nobody is logged in). */
  prompt?: 'login' | 'none'
  /** A social login: `google`, `facebook`, or an identity provider's connection ID. */
  idp?: string
  /** Where Wix puts `code` and `state`: `fragment` (default, never sent to a server) or `query`. */
  responseMode?: Exclude<ResponseMode, 'web_message'>
  /** Where the app goes once logged in: a path on the app's own origin. Default `/`. */
  returnTo?: string
}

/**
 * What a completed login hands back.
 *
 * @example
 * ```ts
 * const { returnTo } = await members.completeLogin()
 * router.replace(returnTo)
 * ```
 */
export interface CompletedLogin {
  /** The path `loginUrl({ returnTo })` asked for, checked again to be on the app's origin. */
  returnTo: string
}

/**
 * A session's member login and logout: through Wix's login page (`loginUrl`,
 * `completeLogin`, `logoutUrl`) or the app's own form (`login`, `register`,
 * `sendPasswordReset`, `silentLogin`; see `CustomLogin`).
 *
 * @example
 * ```ts
 * const members = createMemberAuth(session, { redirectUri: `${location.origin}/callback` })
 * loginButton.onclick = async () => location.assign(await members.loginUrl())
 * ```
 */
export interface MemberAuth extends CustomLogin {
  /** The URL of Wix's login page, with a pending login kept for `completeLogin()`. */
  loginUrl(options?: LoginOptions): Promise<string>
  /** Finish the login Wix sent back to `url` (default: this page): the member in every tab. */
  completeLogin(url?: string): Promise<CompletedLogin>
  /** The URL of Wix's logout page; the session is one new visitor in every tab before it resolves. */
  logoutUrl(options: { postFlowUrl: string }): Promise<string>
}
