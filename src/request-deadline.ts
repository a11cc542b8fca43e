/**
 * One bounded HTTP exchange: a signal that aborts on the caller's signal or after a
 * timeout, and a typed error for a request that got no response. The token endpoint and
 * the members' REST calls share it.
 */
import { SessionError } from './errors'
import { redactText } from './redact'

/** What a request was, for its error messages: e.g. `Token request (refresh_token)`. */
export interface RequestLabel {
  what: string
  grant?: 'anonymous' | 'refresh_token' | 'authorization_code'
}

/**
 * Run `send` with a signal that aborts on `outer` or after `timeoutMs`; turn a failure to
 * get any response into `timeout`, `aborted` or `network`.
 */
export async function withDeadline<T>(
  outer: AbortSignal | undefined,
  timeoutMs: number,
  label: RequestLabel,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const forwardAbort = () => controller.abort()
  if (outer?.aborted) controller.abort()
  outer?.addEventListener('abort', forwardAbort, { once: true })
  const details = label.grant === undefined ? {} : { grant: label.grant }
  try {
    return await send(controller.signal)
  } catch (error) {
    if (timedOut) {
      throw new SessionError(
        'timeout',
        `${label.what} got no response within ${timeoutMs} ms`,
        details,
      )
    }
    if (outer?.aborted) {
      throw new SessionError('aborted', `${label.what} was abandoned`, {
        ...details,
        retryable: false,
      })
    }
    // A fetch error may quote the request (and so a token): only a scrubbed description
    // of the underlying cause is kept.
    throw new SessionError(
      'network',
      `${label.what} got no response: ${describeCause(error)}`,
      details,
    )
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', forwardAbort)
  }
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause ?? error
  const message = cause instanceof Error ? cause.message : String(cause)
  // Node's fetch puts the system error (with its `code`) under the TypeError it rejects with.
  const code =
    (cause as { code?: unknown })?.code ?? (cause as { cause?: { code?: unknown } })?.cause?.code
  const text = typeof code === 'string' ? `${message} (${code})` : message
  return redactText(text).slice(0, 200)
}
