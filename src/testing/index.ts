/**
 * `headless-session/testing`: a local, Wix-compatible OAuth server for tests, browser tests
 * and demos, with the member side (login and logout pages, custom login) too.
 */

export type {
  MockEmail,
  MockEndpoint,
  MockMember,
  MockMemberControls,
  MockMemberOptions,
} from './mock-members.types'
export { MOCK_CLIENT_ID, startMockWixServer, WIX_ACCESS_TOKEN_LIFETIME } from './mock-wix-server'
export type {
  MockFault,
  MockRequestRecord,
  MockTokenResponse,
  MockWixServer,
  MockWixServerOptions,
  TokenRequestOutcome,
  TokenRequestRecord,
} from './mock-wix-server.types'
