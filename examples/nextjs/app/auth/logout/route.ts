/**
 * "Log out": the member's session ended at Wix (through Wix's logout page), and the cookie
 * made one new visitor, which every open tab adopts.
 */

import { wixConfig } from '../../../lib/wix-config'
import { memberAuth } from '../../../lib/wix-server'

export function POST(request: Request) {
  const { siteUrl } = wixConfig()
  // A form on another site could post here too: only this site's own pages log out.
  if (request.headers.get('origin') !== siteUrl) {
    return new Response('Log out from the site itself.', { status: 403 })
  }
  return memberAuth().logout(request, { postFlowUrl: `${siteUrl}/` })
}
