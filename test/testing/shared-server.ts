// One mock server for a whole test file, reset between its tests.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import {
  type MockWixServer,
  type MockWixServerOptions,
  startMockWixServer,
} from '../../src/testing'

/**
 * Start a mock server before the file's tests and close it after them; before each test
 * its injected faults and request log are cleared. Returns the running server.
 */
export function useSharedMockServer(options?: MockWixServerOptions): () => MockWixServer {
  let server: MockWixServer | undefined
  beforeAll(async () => {
    server = await startMockWixServer(options)
  })
  afterAll(() => server?.close())
  beforeEach(() => {
    server?.clearFaults()
    server?.clearRequests()
  })
  return () => {
    if (server === undefined) throw new Error('the shared mock server is not running')
    return server
  }
}
