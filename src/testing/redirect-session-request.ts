import type { AccessTokenEntry, SessionRole } from './token-registry'
import { applicationError, fieldError, type WixError } from './wix-errors'

export type ResponseMode = 'query' | 'fragment' | 'web_message'

/** A login ("auth") redirect session: what the login page must do and where to answer. */
export interface AuthSession {
  kind: 'auth'
  clientId: string
  /** `null` only for `web_message`, which answers the parent page instead. */
  redirectUri: string | null
  responseMode: ResponseMode
  codeChallenge: string
  state: string | null
  scope: string | null
  prompt: 'login' | 'none'
  /** A custom-login session token: the member is logged in without the form. */
  sessionToken: string | null
  idp: string | null
}

/** A logout redirect session, bound to the token family of whoever asked for it. */
export interface LogoutSession {
  kind: 'logout'
  clientId: string
  postFlowUrl: string | null
  familyId: string
  subjectId: string
  role: SessionRole
}

export type RedirectSession = AuthSession | LogoutSession

export type ParsedRedirectSession =
  | { ok: true; session: RedirectSession }
  | { ok: false; error: WixError }

interface RequestRules {
  clientIds: ReadonlySet<string>
  redirectUris: ReadonlySet<string>
}

type Fields = Record<string, unknown>

const responseModes: readonly string[] = ['query', 'fragment', 'web_message']
// `@wix/sdk` sends the generated enum's lower-case values; upper case is accepted too.
// `consent` and `select_account` exist in that enum; the mock shows the form for them.
const promptValues: Record<string, AuthSession['prompt']> = {
  login: 'login',
  none: 'none',
  consent: 'login',
  select_account: 'login',
}
// The base64url SHA-256 of a verifier is always 43 characters.
const s256Challenge = /^[A-Za-z0-9_-]{43}$/

/** Reads `{ auth: { authRequest, prompt } }` or `{ logout, callbacks }` like Wix would. */
export function parseRedirectSessionRequest(
  fields: Fields,
  rules: RequestRules,
  caller: Readonly<AccessTokenEntry>,
): ParsedRedirectSession {
  const { auth, logout } = fields
  if (auth !== undefined && logout !== undefined) {
    return failed(fieldError('auth', 'send either auth or logout, not both', 'ONE_OF'))
  }
  if (isObject(auth)) return parseAuth(auth, rules)
  if (isObject(logout)) return parseLogout(logout, fields.callbacks, rules, caller)
  const description = 'send auth or logout (the mock creates only login and logout sessions)'
  return failed(fieldError('auth', description, 'REQUIRED_FIELD'))
}

function parseAuth(auth: Fields, rules: RequestRules): ParsedRedirectSession {
  const request = auth.authRequest
  if (!isObject(request)) {
    return failed(fieldError('auth.authRequest', 'must be an object', 'REQUIRED_FIELD'))
  }
  const text = (name: string) => optionalString(request, `auth.authRequest.${name}`, name)
  const fields = {
    clientId: text('clientId'),
    redirectUri: text('redirectUri'),
    codeChallenge: text('codeChallenge'),
    codeChallengeMethod: text('codeChallengeMethod'),
    responseMode: text('responseMode'),
    responseType: text('responseType'),
    scope: text('scope'),
    state: text('state'),
    sessionToken: text('sessionToken'),
    idp: text('idp'),
  }
  for (const value of Object.values(fields))
    if (value instanceof WrongType) return failed(value.error)
  const get = (name: keyof typeof fields) => fields[name] as string | null
  if (request.prompt !== undefined) {
    const description = 'belongs beside authRequest, as auth.prompt'
    return failed(fieldError('auth.authRequest.prompt', description, 'UNKNOWN_FIELD'))
  }
  const problem =
    checkClient(get('clientId'), 'auth.authRequest.clientId', rules) ??
    checkResponseType(get('responseType')) ??
    checkChallenge(get('codeChallengeMethod'), get('codeChallenge')) ??
    checkRedirect(get('responseMode') ?? 'query', get('redirectUri'), rules)
  if (problem) return failed(problem)
  const prompt = parsePrompt(auth.prompt)
  if (prompt instanceof WrongType) return failed(prompt.error)
  return {
    ok: true,
    session: {
      kind: 'auth',
      clientId: get('clientId') as string,
      redirectUri: get('redirectUri'),
      responseMode: (get('responseMode') ?? 'query') as ResponseMode,
      codeChallenge: get('codeChallenge') as string,
      state: get('state'),
      scope: get('scope'),
      prompt,
      sessionToken: get('sessionToken'),
      idp: get('idp'),
    },
  }
}

function checkResponseType(responseType: string | null): WixError | null {
  if (responseType === 'code') return null
  return fieldError('auth.authRequest.responseType', 'must be "code"', 'ONE_OF')
}

function checkChallenge(method: string | null, challenge: string | null): WixError | null {
  if (method === null) return required('auth.authRequest.codeChallengeMethod')
  if (method !== 'S256') {
    const description = `Unsupported codeChallengeMethod "${method}": only S256 is supported`
    return applicationError(400, 'invalid_request', description, { method })
  }
  if (challenge === null) return required('auth.authRequest.codeChallenge')
  if (s256Challenge.test(challenge)) return null
  const description = 'must be the base64url SHA-256 of the code verifier (43 characters)'
  return fieldError('auth.authRequest.codeChallenge', description)
}

// Only web_message may go without a redirect URI; any URI must be allow-listed exactly.
function checkRedirect(
  responseMode: string,
  redirectUri: string | null,
  rules: RequestRules,
): WixError | null {
  if (!responseModes.includes(responseMode)) {
    const description = 'must be query, fragment or web_message'
    return fieldError('auth.authRequest.responseMode', description, 'ONE_OF')
  }
  if (redirectUri === null) {
    return responseMode === 'web_message' ? null : required('auth.authRequest.redirectUri')
  }
  if (rules.redirectUris.has(redirectUri)) return null
  const description = `redirectUri "${redirectUri}" is not allow-listed for this OAuth app`
  return applicationError(400, 'redirect_uri_not_allowed', description, { redirectUri })
}

function parseLogout(
  logout: Fields,
  callbacks: unknown,
  rules: RequestRules,
  caller: Readonly<AccessTokenEntry>,
): ParsedRedirectSession {
  const clientId = optionalString(logout, 'logout.clientId', 'clientId')
  if (clientId instanceof WrongType) return failed(clientId.error)
  const clientError = checkClient(clientId, 'logout.clientId', rules)
  if (clientError) return failed(clientError)
  if (callbacks !== undefined && !isObject(callbacks)) {
    return failed(fieldError('callbacks', 'must be an object'))
  }
  const postFlowUrl = callbacks
    ? optionalString(callbacks, 'callbacks.postFlowUrl', 'postFlowUrl')
    : null
  if (postFlowUrl instanceof WrongType) return failed(postFlowUrl.error)
  if (
    postFlowUrl !== null &&
    !/^https?:$/.test(URL.canParse(postFlowUrl) ? new URL(postFlowUrl).protocol : '')
  ) {
    return failed(fieldError('callbacks.postFlowUrl', 'must be an absolute http(s) URL'))
  }
  return {
    ok: true,
    session: {
      kind: 'logout',
      clientId: clientId as string,
      postFlowUrl,
      familyId: caller.familyId,
      subjectId: caller.visitorId,
      role: caller.role,
    },
  }
}

function parsePrompt(value: unknown): AuthSession['prompt'] | WrongType {
  if (value === undefined || value === null) return 'login'
  const prompt = typeof value === 'string' ? promptValues[value.toLowerCase()] : undefined
  if (prompt) return prompt
  return new WrongType(fieldError('auth.prompt', 'must be login or none', 'ONE_OF'))
}

function checkClient(clientId: string | null, field: string, rules: RequestRules): WixError | null {
  if (clientId === null) return required(field)
  if (rules.clientIds.has(clientId)) return null
  return applicationError(400, 'invalid_client', `Client ID is not valid: "${clientId}"`, {
    clientId,
  })
}

// A field of the wrong type, carried through a lookup so the caller can answer with it.
class WrongType {
  constructor(readonly error: WixError) {}
}

function optionalString(fields: Fields, path: string, name: string): string | null | WrongType {
  const value = fields[name]
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value === '' ? null : value
  return new WrongType(fieldError(path, 'must be a string', 'TYPE'))
}

function required(field: string): WixError {
  return fieldError(field, 'must not be empty', 'REQUIRED_FIELD')
}

function failed(error: WixError): ParsedRedirectSession {
  return { ok: false, error }
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
