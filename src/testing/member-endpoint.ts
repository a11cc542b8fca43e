import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { faultHeaders, planFault } from './fault-plan'
import type { FaultQueue } from './fault-queue'
import { BodyTooLargeError, readBody, sendError, sendText, waitWhileConnected } from './http-io'
import type { MemberContext } from './member-context'
import type { MockEndpoint } from './mock-members.types'
import type { MockRequestRecord } from './mock-wix-server.types'
import { type BodyEncoding, parseFields } from './request-fields'
import { type RequestLog, settle, trackCompletion } from './request-log'
import { errorForStatus, type WixError } from './wix-errors'

/** A member-side request as its handler sees it: the body already parsed. */
export interface MemberRequest {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  fields: Record<string, unknown>
  /** Why the body could not be read as fields; a handler that needs a body answers it. */
  bodyError: WixError | null
}

/** What a handler decided; the endpoint logs it and sends it. */
export interface MemberAnswer {
  status: number
  contentType: string
  body: string
  headers: Record<string, string>
  outcome: 'issued' | 'rejected'
  result: string | null
}

export interface MemberHandler {
  endpoint: Exclude<MockEndpoint, 'token'>
  /** Fills what the log should show even when a fault answers instead (client, e-mail…). */
  describe?(request: MemberRequest, record: MockRequestRecord, context: MemberContext): void
  answer(request: MemberRequest, record: MockRequestRecord, context: MemberContext): MemberAnswer
}

export interface MemberEndpointContext {
  members: MemberContext
  faults: FaultQueue
  log: RequestLog
}

/** A member-side request: log it, maybe play a fault, then let the handler answer. */
export async function handleMemberRequest(
  req: IncomingMessage,
  res: ServerResponse,
  handler: MemberHandler,
  context: MemberEndpointContext,
): Promise<void> {
  const record = context.log.openMember(handler.endpoint, req.method ?? 'GET')
  trackCompletion(record, res)
  const raw = await readBodyOrAnswer(req, res, record)
  if (raw === null) return
  const { request, encoding } = memberRequest(req, raw)
  record.encoding = encoding
  handler.describe?.(request, record, context.members)

  const fault = context.faults.takeFor(handler.endpoint)
  record.fault = fault
  if (fault?.delayMs !== undefined && !(await waitWhileConnected(res, fault.delayMs))) return
  // As on the token endpoint: a client gone during the delay gets nothing processed.
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
  const answer = handler.answer(request, record, context.members)
  record.result = answer.result
  settle(record, answer.outcome, answer.status)
  sendText(res, answer.status, answer.body, answer.contentType, {
    ...answer.headers,
    ...extraHeaders,
  })
}

function memberRequest(
  req: IncomingMessage,
  raw: string,
): { request: MemberRequest; encoding: BodyEncoding } {
  const base = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', 'http://mock.invalid'),
    headers: req.headers,
  }
  // A page load has no body; the handler decides whether it needed one.
  if (raw.trim() === '')
    return { request: { ...base, fields: {}, bodyError: null }, encoding: 'other' }
  const parsed = parseFields(req.headers['content-type'], raw)
  const fields = parsed.ok ? parsed.fields : {}
  const bodyError = parsed.ok ? null : parsed.error
  return { request: { ...base, fields, bodyError }, encoding: parsed.encoding }
}

async function readBodyOrAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  record: MockRequestRecord,
): Promise<string | null> {
  try {
    return await readBody(req)
  } catch (error) {
    if (error instanceof BodyTooLargeError && !res.destroyed) {
      settle(record, 'rejected', 413)
      sendError(res, errorForStatus(413, error.message), { Connection: 'close' })
    }
    return null
  }
}

/** A JSON answer. */
export function jsonAnswer(
  status: number,
  body: unknown,
  outcome: MemberAnswer['outcome'],
  result: string | null,
): MemberAnswer {
  const text = JSON.stringify(body)
  return { status, contentType: 'application/json', body: text, headers: {}, outcome, result }
}

/** A Wix-style error; `result` defaults to its application error code. */
export function errorAnswer(error: WixError, result?: string | null): MemberAnswer {
  const details = error.body.details
  const code = 'applicationError' in details ? details.applicationError.code : 'validationError'
  return jsonAnswer(error.status, error.body, 'rejected', result === undefined ? code : result)
}

export function htmlAnswer(
  status: number,
  html: string,
  outcome: MemberAnswer['outcome'],
  result: string | null,
  headers: Record<string, string> = {},
): MemberAnswer {
  return { status, contentType: 'text/html; charset=utf-8', body: html, headers, outcome, result }
}

export function redirectAnswer(
  status: 302 | 303,
  location: string,
  outcome: MemberAnswer['outcome'],
  result: string | null,
  headers: Record<string, string> = {},
): MemberAnswer {
  return {
    status,
    contentType: 'text/plain; charset=utf-8',
    // Never the location itself: it carries the code.
    body: 'Redirecting…',
    headers: { ...headers, Location: location },
    outcome,
    result,
  }
}
