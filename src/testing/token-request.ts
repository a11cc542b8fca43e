import type { TokenRequestRecord } from './mock-wix-server.types'
import { type BodyEncoding, parseFields, stringField } from './request-fields'
import type { WixError } from './wix-errors'

export interface TokenRequestFields {
  grantType: string | null
  clientId: string | null
  refreshToken: string | null
  /** `authorization_code` only. */
  code: string | null
  codeVerifier: string | null
  redirectUri: string | null
  fieldStyle: TokenRequestRecord['fieldStyle']
}

// Wix's docs spell the same fields both ways (its own refresh example even mixes
// `refresh_token` with `grantType`, as `@wix/sdk` does), so both spellings are accepted.
const camelCaseNames = ['clientId', 'grantType', 'refreshToken', 'redirectUri', 'codeVerifier']
const snakeCaseNames = ['client_id', 'grant_type', 'refresh_token', 'redirect_uri', 'code_verifier']

export type ParsedTokenRequest =
  | { ok: true; encoding: BodyEncoding; request: TokenRequestFields }
  | { ok: false; encoding: BodyEncoding; error: WixError }

export function parseTokenRequest(
  contentType: string | undefined,
  raw: string,
): ParsedTokenRequest {
  const parsed = parseFields(contentType, raw)
  if (!parsed.ok) return parsed
  return { ok: true, encoding: parsed.encoding, request: readTokenRequest(parsed.fields) }
}

function readTokenRequest(fields: Record<string, unknown>): TokenRequestFields {
  return {
    grantType: stringField(fields, 'grantType', 'grant_type'),
    clientId: stringField(fields, 'clientId', 'client_id'),
    refreshToken: stringField(fields, 'refreshToken', 'refresh_token'),
    code: stringField(fields, 'code'),
    codeVerifier: stringField(fields, 'codeVerifier', 'code_verifier'),
    redirectUri: stringField(fields, 'redirectUri', 'redirect_uri'),
    fieldStyle: fieldStyleOf(fields),
  }
}

function fieldStyleOf(fields: Record<string, unknown>): TokenRequestFields['fieldStyle'] {
  const camel = camelCaseNames.some((name) => Object.hasOwn(fields, name))
  const snake = snakeCaseNames.some((name) => Object.hasOwn(fields, name))
  if (camel && snake) return 'mixed'
  if (camel) return 'camelCase'
  if (snake) return 'snake_case'
  return 'none'
}
