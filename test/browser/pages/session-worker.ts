/**
 * A session in a dedicated module worker: the library must load there (no DOM), persist
 * to IndexedDB and share the visitor with the origin's pages.
 */
import { createSession } from 'headless-session'

const params = new URL(self.location.href).searchParams
const session = createSession({
  clientId: params.get('clientId') ?? 'mock-client-id',
  tokenUrl: params.get('tokenUrl') ?? '',
})
const warnings: string[] = []
session.on('warning', ({ warning }) => warnings.push(warning.code))
session.start()
session.getAccessToken().then(
  (token) =>
    postMessage({ token, state: session.state, sessionId: session.snapshot.sessionId, warnings }),
  (error: unknown) => postMessage({ error: String(error) }),
)
