/**
 * A `document` for the cookie store in Node: `cookie` reads `a=b; c=d` and each write is
 * one `Set-Cookie` value, kept or deleted by name the way a browser does for one path and
 * domain, refusing a cookie past 4,096 bytes. Real cookies are tested in Chromium
 * (test/browser/cookie-store.test.ts); this is for the codec's and the session's logic.
 */

export interface TestCookieJar {
  cookie: string
  /** Every `Set-Cookie` value written, in order. */
  readonly written: string[]
  /** Cookies held now, by name. */
  readonly cookies: Map<string, string>
  /** Put a cookie in as another script or the server would. */
  plant(name: string, value: string): void
}

export function createTestCookieJar(options: { location?: { protocol: string } } = {}) {
  const cookies = new Map<string, string>()
  const written: string[] = []
  const jar: TestCookieJar & { location?: { protocol: string } } = {
    ...(options.location ? { location: options.location } : {}),
    written,
    cookies,
    get cookie() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    },
    set cookie(header: string) {
      written.push(header)
      if (new TextEncoder().encode(header).length > 4096) return
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
      const equals = pair.indexOf('=')
      if (equals <= 0) return
      const name = pair.slice(0, equals)
      const maxAge = attributes.find((attribute) => /^max-age=/i.test(attribute))
      if (maxAge !== undefined && Number(maxAge.slice('max-age='.length)) <= 0) {
        cookies.delete(name)
      } else {
        cookies.set(name, pair.slice(equals + 1))
      }
    },
    plant: (name, value) => {
      cookies.set(name, value)
    },
  }
  return jar
}
