/**
 * A store operation bounded in time, and a warning about a store that failed which quotes
 * none of the tokens it was given.
 */
import type { SessionWarning } from '../../machines/session.types'
import { redactText } from '../redact'

export function withTimeout<T>(
  operation: Promise<T>,
  timeoutMs: number,
  what: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  let giveUp: () => void = () => undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    // The store may still answer a request given up on, but nothing waits for it.
    giveUp = () => reject(new Error(`${what}: the operation was abandoned`))
    if (signal?.aborted) giveUp()
    else signal?.addEventListener('abort', giveUp, { once: true })
  })
  return Promise.race([operation, timeout]).finally(() => {
    clearTimeout(timer)
    signal?.removeEventListener('abort', giveUp)
  })
}

export function storeWarning(
  code: SessionWarning['code'],
  what: string,
  error: unknown,
  secrets: Iterable<string>,
): SessionWarning {
  const reason = error instanceof Error ? error.message : String(error)
  return { code, message: `${what}: ${redactText(reason, [...secrets]).slice(0, 200)}` }
}
