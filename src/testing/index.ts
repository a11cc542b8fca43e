/**
 * `headless-session/testing`: a local, Wix-compatible OAuth server for tests, browser tests
 * and demos.
 */
export { MOCK_CLIENT_ID, startMockWixServer, WIX_ACCESS_TOKEN_LIFETIME } from './mock-wix-server'
export type {
  MockFault,
  MockTokenResponse,
  MockWixServer,
  MockWixServerOptions,
  TokenRequestOutcome,
  TokenRequestRecord,
} from './mock-wix-server.types'
