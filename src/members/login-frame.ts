/**
 * Wix's answer to a `web_message` login: its page, loaded in a hidden iframe, posts
 * `{ code, state }` or `{ error, state }` to the parent. Only a message from that page's
 * origin, from our own iframe, with our `state`, is an answer; every other message is
 * ignored. The wait is bounded, and the iframe and the listener are gone when it ends,
 * however it ends. `@wix/sdk` took the first message with a matching state from any
 * origin or frame, and waited two minutes. ref: ../shared/reference/wix-members.md §3
 */
import { SessionError } from '../errors'
import { sameSecret } from './pkce'

/** Where the hidden iframe goes and where its message arrives: the page's own by default. */
export interface FrameHost {
  document: Pick<Document, 'createElement' | 'body' | 'documentElement'>
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

/** What Wix's page said: a code to exchange, or an OAuth error (`login_required`, …). */
export type FrameAnswer = { code: string } | { error: string }

export interface FrameWait {
  /** The redirect session's `fullUrl`: its origin is the only one an answer may come from. */
  url: string
  /** The `state` of the login: an answer must carry it. */
  state: string
  /** Milliseconds to wait for the answer. */
  timeout: number
  signal?: AbortSignal
}

const MAX_FIELD_LENGTH = 4096

/** Load `wait.url` in a hidden iframe and resolve with its answer. */
export function answerFromLoginFrame(host: FrameHost, wait: FrameWait): Promise<FrameAnswer> {
  const origin = new URL(wait.url).origin
  return new Promise<FrameAnswer>((resolve, reject) => {
    if (wait.signal?.aborted) {
      reject(abandoned())
      return
    }
    const frame = host.document.createElement('iframe')
    let timer: ReturnType<typeof setTimeout> | undefined
    const end = (settle: () => void) => {
      clearTimeout(timer)
      host.window.removeEventListener('message', onMessage)
      wait.signal?.removeEventListener('abort', onAbort)
      frame.parentNode?.removeChild(frame)
      settle()
    }
    const onMessage = (event: MessageEvent) => {
      // All three, or it is not Wix's answer to this login: another site, another frame
      // (even one of Wix's), or another login's message.
      if (event.origin !== origin) return
      if (event.source === null || event.source !== frame.contentWindow) return
      const answer = answerIn(event.data, wait.state)
      if (answer !== null) end(() => resolve(answer))
    }
    const onAbort = () => end(() => reject(abandoned()))

    host.window.addEventListener('message', onMessage)
    wait.signal?.addEventListener('abort', onAbort, { once: true })
    timer = setTimeout(() => end(() => reject(timedOut(wait.timeout))), wait.timeout)
    try {
      frame.style.display = 'none'
      frame.setAttribute('aria-hidden', 'true')
      frame.tabIndex = -1
      frame.title = 'Wix login'
      frame.src = wait.url
      ;(host.document.body ?? host.document.documentElement).appendChild(frame)
    } catch (error) {
      // A page that will not take the frame: nothing may stay behind.
      end(() => reject(error))
    }
  })
}

/** The answer in a message from our frame, or `null` when it is not one for this login. */
function answerIn(data: unknown, state: string): FrameAnswer | null {
  if (data === null || typeof data !== 'object') return null
  const message = data as Record<string, unknown>
  if (!isField(message.state) || !sameSecret(message.state, state)) return null
  if (isField(message.code)) return { code: message.code }
  // Wix's page, with our state, and no code: whatever it says is the answer.
  return { error: isField(message.error) ? message.error : 'no_code' }
}

function isField(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD_LENGTH
}

function timedOut(timeout: number): SessionError {
  return new SessionError(
    'login_timeout',
    `Wix's login frame did not answer within ${timeout} ms (is this page's origin allowed by the OAuth app's redirect URIs?); log in again`,
  )
}

function abandoned(): SessionError {
  return new SessionError('aborted', 'The login was abandoned', { retryable: false })
}
