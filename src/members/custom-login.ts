/**
 * Custom login: the app's own e-mail and password form, registration, e-mail
 * verification, password reset, and silent sign-in. Wix checks the password and answers
 * a state; `SUCCESS` becomes the member's tokens in every tab through Wix's login frame
 * (`frame-login.ts`), exactly as a Wix-managed login does. Every failure is a SessionError
 * with a code of its own, and leaves the session as it was.
 * ref: ../shared/reference/wix-members.md §3
 */

import type { TokenRole } from '../../machines/session.types'
import { isSessionError } from '../errors'
import {
  type CustomLogin,
  type CustomLoginOptions,
  DEFAULT_LOGIN_TIMEOUT_MS,
  type LoginOutcome,
  type Registration,
  type SilentLoginOutcome,
} from './custom-login.types'
import { type FrameLoginContext, frameLoginError, loginThroughFrame } from './frame-login'
import {
  type IdentityCall,
  LOGIN_PATH,
  type LoginStep,
  postIdentity,
  postLoginStep,
  RECOVERY_PATH,
  REGISTER_PATH,
  VERIFY_PATH,
} from './identity-api'
import type { FrameHost } from './login-frame'
import { isWebUrl } from './redirect-sessions'

/** What custom login needs from the member auth it belongs to. */
export interface CustomLoginContext extends Omit<FrameLoginContext, 'loginTimeout'> {
  options: CustomLoginOptions
}

// OAuth's answers to `prompt=none` that mean "nobody can be logged in without a form".
// ref: https://openid.net/specs/openid-connect-core-1_0.html#AuthError
const NOBODY_LOGGED_IN = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
])

export function createCustomLogin(context: CustomLoginContext): CustomLogin {
  const { session, wix, options } = context
  const frames: FrameLoginContext = { ...context, loginTimeout: loginTimeoutOf(options) }
  const call = async (
    what: string,
    secrets: string[],
    signal?: AbortSignal,
  ): Promise<IdentityCall> => ({
    ...wix,
    what,
    secrets,
    accessToken: await context.visitorToken(),
    ...(signal ? { signal } : {}),
  })

  const outcomeOf = async (
    step: LoginStep,
    host: FrameHost,
    signal?: AbortSignal,
  ): Promise<LoginOutcome> => {
    if (step.state === 'REQUIRE_OWNER_APPROVAL') return { status: 'owner_approval_required' }
    if (step.state === 'REQUIRE_EMAIL_VERIFICATION') {
      const { stateToken } = step
      return {
        status: 'email_verification_required',
        // The state token stays in here: an outcome logged or serialised shows none.
        verify: async (code, verifyOptions = {}) => {
          const secret = text(code, 'code').trim()
          const request = await call(
            'Verifying the e-mail',
            [secret, stateToken],
            verifyOptions.signal,
          )
          const next = await postLoginStep(request, VERIFY_PATH, { code: secret, stateToken })
          return outcomeOf(next, host, verifyOptions.signal)
        },
      }
    }
    const result = await loginThroughFrame(frames, {
      host,
      sessionToken: step.sessionToken,
      signal,
    })
    if (result !== 'signed_in') throw frameLoginError(result.error)
    return { status: 'signed_in' }
  }

  const signIn = async (
    what: string,
    path: string,
    input: Registration,
    profile?: Registration['profile'],
  ): Promise<LoginOutcome> => {
    const host = frameHost(options)
    const email = text(input?.email, 'email').trim()
    const password = text(input.password, 'password')
    const captcha =
      input.captchaToken === undefined ? undefined : text(input.captchaToken, 'captchaToken')
    const body = {
      loginId: { email },
      password,
      ...(profile === undefined ? {} : { profile }),
      // `@wix/sdk` sends the same: a reCAPTCHA token under `Recaptcha`.
      ...(captcha === undefined ? {} : { captchaTokens: [{ Recaptcha: captcha }] }),
    }
    const secrets = captcha === undefined ? [password] : [password, captcha]
    const step = await postLoginStep(await call(what, secrets, input.signal), path, body)
    return outcomeOf(step, host, input.signal)
  }

  let silent: Promise<SilentLoginOutcome> | undefined
  const trySilently = async (
    host: FrameHost,
    signal?: AbortSignal,
  ): Promise<SilentLoginOutcome> => {
    // A member already here (in this tab or, once restored, in any other) needs no frame.
    if ((await currentRole(signal)) === 'member') return { status: 'signed_in' }
    const result = await loginThroughFrame(frames, { host, signal })
    if (result === 'signed_in') return { status: 'signed_in' }
    if (NOBODY_LOGGED_IN.has(result.error)) return { status: 'signed_out' }
    throw frameLoginError(result.error)
  }
  const currentRole = async (signal?: AbortSignal): Promise<TokenRole | null> => {
    try {
      return (await session.getTokens(signal ? { signal } : {})).role
    } catch (error) {
      // An ended member's session is no one's until someone logs in.
      if (isSessionError(error, 'member_session_ended')) return null
      throw error
    }
  }

  return {
    login: (credentials) => signIn('Logging in', LOGIN_PATH, credentials),
    register: async (registration) => {
      const { profile } = registration ?? {}
      if (
        profile !== undefined &&
        (profile === null || typeof profile !== 'object' || Array.isArray(profile))
      ) {
        throw new TypeError('headless-session: `profile` must be an object')
      }
      return signIn('Registering', REGISTER_PATH, registration, profile)
    },
    async sendPasswordReset(email, resetOptions) {
      const address = text(email, 'email').trim()
      const redirectUrl = resetOptions?.redirectUrl
      if (typeof redirectUrl !== 'string' || !isWebUrl(redirectUrl)) {
        throw new TypeError('headless-session: `redirectUrl` must be an absolute http(s) URL')
      }
      const request = await call('Sending the password reset', [], resetOptions.signal)
      await postIdentity(request, RECOVERY_PATH, {
        email: address,
        redirect: { url: redirectUrl, clientId: session.clientId },
      })
    },
    async silentLogin(silentOptions = {}) {
      const host = frameHost(options)
      const { signal } = silentOptions
      if (signal !== undefined) return trySilently(host, signal)
      // Calls without a signal share one attempt (two components asking on mount, say).
      silent ??= trySilently(host).finally(() => {
        silent = undefined
      })
      return silent
    },
  }
}

function frameHost(options: CustomLoginOptions): FrameHost {
  const page = globalThis as { document?: FrameHost['document']; window?: FrameHost['window'] }
  const document = options.document ?? page.document
  const window = options.window ?? page.window
  if (document === undefined || window === undefined) {
    throw new TypeError(
      'headless-session: custom and silent login need a page: Wix answers in a hidden iframe, and there is no document here',
    )
  }
  return { document, window }
}

function loginTimeoutOf(options: CustomLoginOptions): number {
  const timeout = options.loginTimeout ?? DEFAULT_LOGIN_TIMEOUT_MS
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new TypeError('headless-session: `loginTimeout` must be a positive finite number')
  }
  return timeout
}

/** `value` as a string, or a TypeError naming the field (never quoting the value). */
function text(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`headless-session: \`${name}\` must be a string`)
  return value
}
