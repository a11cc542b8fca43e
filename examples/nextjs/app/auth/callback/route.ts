/**
 * Where Wix sends the member back (the OAuth app's allowed redirect URI): the code is
 * exchanged here, on the server, and the member's tokens become the session cookie, which
 * every open tab adopts.
 */
import { memberAuth } from '../../../lib/wix-server'

export function GET(request: Request) {
  return memberAuth().completeLogin(request)
}
