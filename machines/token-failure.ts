/** Reading a failed token request's error as the machine understands it. */
import type { TokenFailure } from './session.types'

/** The TokenFailure an actor rejected with; anything else is an unexpected, final failure. */
export function asFailure(error: unknown): TokenFailure {
  const candidate = error as Partial<TokenFailure> | null
  return typeof candidate?.code === 'string' && typeof candidate.retryable === 'boolean'
    ? (candidate as TokenFailure)
    : { code: 'unexpected', retryable: false }
}
