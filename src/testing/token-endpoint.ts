import type { IncomingMessage, ServerResponse } from 'node:http'
import { faultHeaders, planFault } from './fault-plan'
import type { FaultQueue } from './fault-queue'
import {
  BodyTooLargeError,
  readBody,
  sendError,
  sendJson,
  sendText,
  waitWhileConnected,
} from './http-io'
import type { TokenRequestRecord } from './mock-wix-server.types'
import { type RequestLog, settle, trackCompletion } from './request-log'
import { answerGrant, type GrantContext } from './token-grants'
import { parseTokenRequest, type TokenRequestFields } from './token-request'
import { errorForStatus } from './wix-errors'

export interface TokenEndpointContext extends GrantContext {
  faults: FaultQueue
  log: RequestLog
}

// ref: RFC 6749 §5.1 — token responses must not be cached.
const tokenResponseHeaders = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

/** `POST /oauth2/token`: log, maybe play a fault, then answer like Wix. */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: TokenEndpointContext,
): Promise<void> {
  const record = context.log.open()
  trackCompletion(record, res)
  const raw = await readBodyOrAnswer(req, res, record)
  if (raw === null) return

  const parsed = parseTokenRequest(req.headers['content-type'], raw)
  record.encoding = parsed.encoding
  if (parsed.ok) describeRequest(record, parsed.request, context)

  const fault = context.faults.take(record.grantType)
  record.fault = fault
  if (fault?.delayMs !== undefined && !(await waitWhileConnected(res, fault.delayMs))) return
  // The client may have left while the body was read or during the delay: then nothing
  // is processed, so no tokens are issued and no refresh token is spent.
  if (res.destroyed || req.socket.destroyed) return

  const plan = planFault(fault)
  const extraHeaders = faultHeaders(fault)
  if (plan.kind === 'drop') {
    settle(record, 'dropped', null)
    req.socket.destroy()
    return
  }
  if (plan.kind === 'hang') return
  if (plan.kind === 'respond') {
    settle(record, 'fault', plan.status)
    sendText(res, plan.status, plan.text, plan.contentType, extraHeaders)
    return
  }
  if (!parsed.ok) {
    settle(record, 'rejected', parsed.error.status)
    sendError(res, parsed.error, extraHeaders)
    return
  }

  const answer = answerGrant(context, parsed.request)
  record.visitorId = answer.visitorId ?? record.visitorId
  if (answer.outcome === 'issued') {
    settle(record, 'issued', 200)
    sendJson(res, 200, answer.tokens, { ...tokenResponseHeaders, ...extraHeaders })
    return
  }
  settle(record, 'rejected', answer.error.status)
  sendError(res, answer.error, extraHeaders)
}

function describeRequest(
  record: TokenRequestRecord,
  request: TokenRequestFields,
  context: TokenEndpointContext,
): void {
  record.grantType = request.grantType
  record.clientId = request.clientId
  record.refreshToken = request.refreshToken
  record.fieldStyle = request.fieldStyle
  if (request.refreshToken) {
    record.visitorId = context.registry.visitorOfRefreshToken(request.refreshToken)
  }
}

async function readBodyOrAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  record: TokenRequestRecord,
): Promise<string | null> {
  try {
    return await readBody(req)
  } catch (error) {
    // Any other failure means the client went away; the close listener logs that.
    if (error instanceof BodyTooLargeError && !res.destroyed) {
      const tooLarge = errorForStatus(413, error.message)
      settle(record, 'rejected', 413)
      sendError(res, tooLarge, { Connection: 'close' })
    }
    return null
  }
}
