/**
 * The demo's own login form, beside the "Log in" button: custom login through
 * `headless-session/members` (the e-mail and password go to Wix's IAM, the member comes
 * back through Wix's hidden login frame), the e-mailed code when Wix asks for one, and a
 * silent login. Built here and mounted by `main.ts`, so the page's HTML stays as it is.
 */
import { isSessionError } from 'headless-session'
import type { LoginOutcome, MemberAuth } from 'headless-session/members'

/** What each refusal means to the person at the form. */
const FORM_MESSAGES: Record<string, string> = {
  invalid_password: 'Wrong password.',
  member_not_found: 'No member has this e-mail.',
  email_exists: 'A member with this e-mail exists already.',
  captcha_required: 'Please solve the captcha.',
  captcha_invalid: 'The captcha expired; please solve it again.',
  password_reset_required: 'Please reset your password first.',
  invalid_input: 'Please check the e-mail and password.',
  verification_code_invalid: 'That code is not the one we e-mailed.',
  verification_expired: 'The code expired; please log in again.',
  login_timeout: 'Wix did not answer in time; please try again.',
}

export interface CustomLoginForm {
  /** Where the form goes: after this element. */
  after: Element
  /** The test member's e-mail, shown as a hint in the form. */
  email?: string
  report(text: string): void
}

/** Mount the form; outcomes and refusals go to `report`. */
export function mountCustomLogin(members: MemberAuth, form: CustomLoginForm): void {
  const element = document.createElement('form')
  element.id = 'custom-login'
  element.setAttribute('aria-label', "Log in with the app's own form")
  element.style.cssText = 'display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0'
  element.innerHTML = `
    <input name="email" type="email" autocomplete="username" required aria-label="E-mail">
    <input name="password" type="password" autocomplete="current-password" required aria-label="Password" placeholder="password">
    <input name="code" inputmode="numeric" aria-label="E-mailed code" placeholder="e-mailed code" hidden>
    <button type="submit">Log in with this form</button>
    <button type="button" id="silent-login">Silent login</button>`
  form.after.after(element)
  const field = (name: string) => element.querySelector(`[name=${name}]`) as HTMLInputElement
  field('email').placeholder = form.email ?? 'e-mail'

  let verification: Extract<LoginOutcome, { status: 'email_verification_required' }> | null = null
  const show = (outcome: LoginOutcome) => {
    verification = outcome.status === 'email_verification_required' ? outcome : null
    field('code').hidden = verification === null
    if (outcome.status === 'signed_in') return 'custom login: every open tab is now this member'
    if (outcome.status === 'owner_approval_required')
      return "the site's owner must approve you first"
    return 'Wix e-mailed a code (the mock lists it at /__mock/emails): type it and log in again'
  }
  const refused = (error: unknown) =>
    form.report(
      isSessionError(error)
        ? `${FORM_MESSAGES[error.code] ?? 'Logging in failed.'} (${error.code})`
        : String(error),
    )

  element.addEventListener('submit', (event) => {
    event.preventDefault()
    const step = verification
      ? verification.verify(field('code').value)
      : members.login({ email: field('email').value, password: field('password').value })
    field('password').value = ''
    step.then((outcome) => form.report(show(outcome)), refused)
  })
  element.querySelector('#silent-login')?.addEventListener('click', () => {
    members.silentLogin().then(({ status }) => {
      form.report(
        status === 'signed_in'
          ? 'silent login: signed in; every open tab is the member'
          : 'silent login: signed out; nobody is logged in on Wix in this browser',
      )
    }, refused)
  })
}
