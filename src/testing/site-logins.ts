import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Who is logged in "on Wix" in a browser: the mock's own cookie on its own origin, set when
 * a member logs in on its login page and cleared by its logout page, like Wix's domain
 * cookies. `prompt: 'none'` answers with a code only while it is there.
 */
export class SiteLogins {
  private readonly memberBySession = new Map<string, string>()

  constructor(readonly cookieName: string) {}

  /** Starts a login for `memberId`; returns the `Set-Cookie` header that carries it. */
  start(memberId: string): string {
    const session = randomBytes(24).toString('base64url')
    this.memberBySession.set(session, memberId)
    // Lax: sent on the top-level navigations of a login, not on other sites' subrequests.
    return `${this.cookieName}=${session}; Path=/; HttpOnly; SameSite=Lax`
  }

  memberOf(headers: IncomingHttpHeaders): string | null {
    const session = this.sessionOf(headers)
    return session ? (this.memberBySession.get(session) ?? null) : null
  }

  /** Ends the browser's login, if any; returns the `Set-Cookie` header that clears it. */
  end(headers: IncomingHttpHeaders): string {
    const session = this.sessionOf(headers)
    if (session) this.memberBySession.delete(session)
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`
  }

  private sessionOf(headers: IncomingHttpHeaders): string | null {
    for (const pair of (headers.cookie ?? '').split(';')) {
      const [name, ...value] = pair.trim().split('=')
      if (name === this.cookieName) return value.join('=') || null
    }
    return null
  }
}
