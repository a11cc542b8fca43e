import { applicationError, type WixError } from './wix-errors'

export type BodyEncoding = 'json' | 'form' | 'other'

export type ParsedFields =
  | { ok: true; encoding: BodyEncoding; fields: Record<string, unknown> }
  | { ok: false; encoding: BodyEncoding; error: WixError }

// Wix documents the token endpoint as taking JSON or URL-encoded data, so both are read into
// the same flat record; anything else is refused like Wix's gateway does.
export function parseFields(contentType: string | undefined, raw: string): ParsedFields {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (mediaType === 'application/json') return parseJsonFields(raw)
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { ok: true, encoding: 'form', fields: Object.fromEntries(new URLSearchParams(raw)) }
  }
  const description = `Unsupported content type "${mediaType || '(none)'}": send application/json or application/x-www-form-urlencoded`
  return {
    ok: false,
    encoding: 'other',
    error: applicationError(400, 'invalid_request', description),
  }
}

function parseJsonFields(raw: string): ParsedFields {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    const error = applicationError(400, 'invalid_request', 'Request body is not valid JSON')
    return { ok: false, encoding: 'json', error }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const error = applicationError(400, 'invalid_request', 'Request body must be a JSON object')
    return { ok: false, encoding: 'json', error }
  }
  return { ok: true, encoding: 'json', fields: value as Record<string, unknown> }
}

export function stringField(fields: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = fields[name]
    if (typeof value === 'string') return value
  }
  return null
}
