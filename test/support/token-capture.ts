/**
 * A fetch that goes to the real network and remembers every token the token endpoint
 * answered with, so a test knows exactly which strings must never show up elsewhere.
 */

export interface TokenCapture {
  fetch: typeof globalThis.fetch
  /** Every access and refresh token issued so far, in the order they arrived. */
  readonly tokens: readonly string[]
  readonly accessTokens: readonly string[]
}

export function captureIssuedTokens(tokenUrl: string): TokenCapture {
  const accessTokens: string[] = []
  const tokens: string[] = []
  return {
    tokens,
    accessTokens,
    fetch: async (input, init) => {
      const response = await globalThis.fetch(input, init)
      const url = input instanceof Request ? input.url : String(input)
      if (url === tokenUrl && response.ok) {
        const body = (await response.clone().json()) as Record<string, unknown>
        if (typeof body.access_token === 'string') {
          accessTokens.push(body.access_token)
          tokens.push(body.access_token)
        }
        if (typeof body.refresh_token === 'string') tokens.push(body.refresh_token)
      }
      return response
    },
  }
}
