// Wix answers errors with `{ message, details: { applicationError | validationError } }`;
// clients parse that shape, so every error this mock sends uses it.

export interface WixError {
  status: number
  body: WixErrorBody
}

export interface WixErrorBody {
  message: string
  details:
    | { applicationError: { code: string; description: string; data: Record<string, unknown> } }
    | {
        validationError: {
          fieldViolations: FieldViolation[]
        }
      }
}

export interface FieldViolation {
  field: string
  description: string
  violatedRule: string
  /** `@wix/sdk`'s `register()` reads `data.type` of every violation: member-side ones have it. */
  data?: Record<string, unknown>
}

export function applicationError(
  status: number,
  code: string,
  description: string,
  data: Record<string, unknown> = {},
): WixError {
  return {
    status,
    body: { message: description, details: { applicationError: { code, description, data } } },
  }
}

export function missingFieldError(field: string): WixError {
  const description = 'must not be empty'
  return {
    status: 400,
    body: {
      message: `INVALID_ARGUMENT: ${field} ${description}`,
      details: {
        validationError: {
          fieldViolations: [{ field, description, violatedRule: 'REQUIRED_FIELD' }],
        },
      },
    },
  }
}

/**
 * A validation error on one field of a member-side request. `data` is always there:
 * `@wix/sdk` reads `fieldViolations[].data.type` (`EMAIL` marks a bad e-mail) and would
 * crash on a violation without it.
 */
export function fieldError(
  field: string,
  description: string,
  violatedRule = 'FORMAT',
  data: Record<string, unknown> = {},
): WixError {
  return {
    status: 400,
    body: {
      message: `INVALID_ARGUMENT: ${field} ${description}`,
      details: {
        validationError: { fieldViolations: [{ field, description, violatedRule, data }] },
      },
    },
  }
}

export function invalidGrant(description: string): WixError {
  return applicationError(400, 'invalid_grant', description)
}

export function unauthenticated(reason: string, description: string): WixError {
  return applicationError(401, 'UNAUTHENTICATED', description, { reason })
}

// Codes follow the gRPC-style names Wix uses for platform errors.
const codeByStatus: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'ALREADY_EXISTS',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

export function errorForStatus(status: number, description?: string): WixError {
  const code = codeByStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN')
  return applicationError(status, code, description ?? `${code} (HTTP ${status})`)
}
