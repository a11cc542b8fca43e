/**
 * Looking for tokens where people read: error messages and their JSON, stacks and causes,
 * emitted events, warnings, console output. Everything is turned into text the way a
 * logger or an error tracker would, then searched for every token the server issued.
 */

/** The tokens in `secrets` that appear anywhere in `values`. */
export function findTokens(secrets: Iterable<string>, ...values: unknown[]): string[] {
  const text = values.map(readable).join('\n')
  return [...secrets].filter((secret) => secret.length > 0 && text.includes(secret))
}

/** Every way a value is commonly printed, concatenated. */
export function readable(value: unknown, depth = 0): string {
  if (depth > 4) return ''
  if (typeof value === 'string') return value
  if (value instanceof Error) {
    const own = Object.fromEntries(
      Object.getOwnPropertyNames(value).map((key) => [
        key,
        (value as unknown as Record<string, unknown>)[key],
      ]),
    )
    return [
      String(value),
      value.stack ?? '',
      safeJson(value),
      safeJson(own),
      readable((value as { cause?: unknown }).cause, depth + 1),
    ].join('\n')
  }
  if (value !== null && typeof value === 'object') {
    const nested = Object.values(value).map((item) => readable(item, depth + 1))
    return [safeJson(value), ...nested].join('\n')
  }
  return String(value)
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}

/** A fetch that notes every token that crosses the wire, in requests and in answers. */
export function tokenWatchingFetch(seen: Set<string>): typeof globalThis.fetch {
  const note = (text: string) => {
    for (const match of text.matchAll(/"(?:access_token|refresh_token|refreshToken)":"([^"]+)"/g)) {
      if (match[1]) seen.add(match[1])
    }
  }
  return async (input, init) => {
    if (typeof init?.body === 'string') note(init.body)
    else if (init?.body instanceof URLSearchParams) {
      const token = init.body.get('refresh_token')
      if (token) seen.add(token)
    }
    const response = await fetch(input, init)
    note(
      await response
        .clone()
        .text()
        .catch(() => ''),
    )
    return response
  }
}
