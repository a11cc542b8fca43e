import type { MockFault } from './mock-wix-server.types'
import { errorForStatus } from './wix-errors'

export type FaultPlan =
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'respond'; status: number; text: string; contentType: string }
  | { kind: 'normal' }

// Cut inside a string, which is how a body truncated by a proxy or a dropped chunk looks.
const truncatedTokenJson = '{"access_token":"OauthNG.JWS.eyJraWQiOiJZSEJzdUpwSCIsImFsZyI6'

/** What a consumed fault does once its delay is over. */
export function planFault(fault: MockFault | null): FaultPlan {
  if (!fault) return { kind: 'normal' }
  if (fault.drop) return { kind: 'drop' }
  if (fault.hang) return { kind: 'hang' }
  const hasAnswer =
    fault.status !== undefined ||
    fault.rawBody !== undefined ||
    fault.malformedJson ||
    fault.body !== undefined ||
    fault.response !== undefined
  if (!hasAnswer) return { kind: 'normal' }
  const status = fault.status ?? 200
  if (fault.rawBody !== undefined) {
    const contentType = fault.contentType ?? 'text/plain; charset=utf-8'
    return { kind: 'respond', status, text: fault.rawBody, contentType }
  }
  const contentType = fault.contentType ?? 'application/json'
  if (fault.malformedJson) return { kind: 'respond', status, text: truncatedTokenJson, contentType }
  const body = fault.body ?? fault.response ?? (status >= 400 ? errorForStatus(status).body : {})
  return { kind: 'respond', status, text: JSON.stringify(body), contentType }
}

/** Headers a fault adds to whatever answer the request gets. */
export function faultHeaders(fault: MockFault | null): Record<string, string> {
  if (!fault) return {}
  const headers = { ...fault.headers }
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter)
  return headers
}
