import { recoveryEndpoint, verifyEndpoint } from './account-endpoints'
import { customLogin, customRegister } from './custom-login'
import { loginPage } from './login-page'
import { logoutPage } from './logout-page'
import type { MemberHandler } from './member-endpoint'
import { cancelPath, loginPath, logoutPath } from './member-pages-html'
import { redirectSessionEndpoint } from './redirect-session-endpoint'

export interface MemberRoute {
  handler: MemberHandler
  methods: readonly string[]
}

const post = ['POST'] as const

/** The member side's paths: Wix's API paths as `@wix/sdk` calls them, and the mock's pages. */
export const memberRoutes: Readonly<Record<string, MemberRoute>> = {
  // The path `@wix/sdk` resolves for www.wixapis.com, and the one the REST reference shows.
  '/_api/redirects-api/v1/redirect-session': { handler: redirectSessionEndpoint, methods: post },
  '/redirect-session/v1/redirect-session': { handler: redirectSessionEndpoint, methods: post },
  '/_api/iam/authentication/v2/login': { handler: customLogin, methods: post },
  '/_api/iam/authentication/v2/register': { handler: customRegister, methods: post },
  '/_api/iam/verification/v1/auth/verify': { handler: verifyEndpoint, methods: post },
  '/_api/iam/recovery/v1/send-email': { handler: recoveryEndpoint, methods: post },
  [loginPath]: { handler: loginPage, methods: ['GET', 'POST'] },
  [cancelPath]: { handler: loginPage, methods: ['GET'] },
  [logoutPath]: { handler: logoutPage, methods: ['GET'] },
}
