/**
 * A Wix API call made by the server with the request's access token: whom does Wix say
 * the token belongs to? Against the mock server this is its `/v1/whoami`, which stands in
 * for any Wix API (the raw token in `Authorization`, as Wix takes it); against Wix it is
 * the Token Info endpoint, which answers the same question.
 */
import { wixConfig } from './wix-config'

export interface WixAnswer {
  status: number
  /** `visitor` or `member`, as Wix sees the token; `null` if the call failed. */
  role: string | null
  /** Whom the token belongs to (visitor or member ID). */
  subject: string | null
}

export async function whoAmI(accessToken: string): Promise<WixAnswer> {
  const { tokenUrl } = wixConfig()
  if (tokenUrl) {
    const response = await fetch(new URL('/v1/whoami', tokenUrl), {
      headers: { Authorization: accessToken },
      cache: 'no-store',
    })
    if (!response.ok) return { status: response.status, role: null, subject: null }
    const body = (await response.json()) as { role?: string; visitorId?: string }
    return { status: response.status, role: body.role ?? null, subject: body.visitorId ?? null }
  }
  const response = await fetch('https://www.wixapis.com/oauth2/token-info', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: accessToken }),
    cache: 'no-store',
  })
  if (!response.ok) return { status: response.status, role: null, subject: null }
  const body = (await response.json()) as { subjectType?: string; subjectId?: string }
  return {
    status: response.status,
    role: body.subjectType?.toLowerCase() ?? null,
    subject: body.subjectId ?? null,
  }
}
