// The HTML of the mock's member pages. Plain forms and one inline script, so they work in
// any browser a test drives, and every value that came from a request is escaped.

export const loginPath = '/__wix/login'
export const cancelPath = '/__wix/login/cancel'
export const logoutPath = '/__wix/logout'

export interface LoginFormView {
  sessionId: string
  /** Shown again after a failed attempt; the password never is. */
  email: string
  error: string | null
}

export function loginFormHtml(view: LoginFormView): string {
  const session = escapeHtml(view.sessionId)
  const error = view.error
    ? `<p role="alert" data-testid="login-error">${escapeHtml(view.error)}</p>`
    : ''
  return page(
    'Log in',
    `<h1>Log in</h1>
${error}
<form method="post" action="${loginPath}" data-testid="login-form">
  <input type="hidden" name="session" value="${session}">
  <label>E-mail <input type="email" name="email" autocomplete="username" required value="${escapeHtml(view.email)}"></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>
<p><a href="${cancelPath}?session=${encodeURIComponent(view.sessionId)}" data-testid="login-cancel">Cancel</a></p>`,
  )
}

/**
 * The `web_message` answer: posts `message` to the parent once per allowed origin, each
 * with that exact target origin, so a parent on any other origin receives nothing.
 */
export function webMessageHtml(
  message: Record<string, string>,
  origins: readonly string[],
): string {
  const script = `const message = ${scriptJson(message)};
for (const origin of ${scriptJson(origins)}) window.parent.postMessage(message, origin);`
  return page('Logging in', `<p>Logging in…</p>\n<script>\n${script}\n</script>`)
}

export function noticeHtml(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`)
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} · mock Wix</title></head>
<body>
${body}
</body>
</html>
`
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character)
}

// JSON inside <script>: `<` could close the element, and U+2028/2029 end lines in old parsers.
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
