import type { MockEndpoint } from './mock-members.types'
import type { MockFault } from './mock-wix-server.types'

interface QueuedFault {
  fault: MockFault
  remaining: number
}

/** Injected faults, consumed by matching requests in the order they were injected. */
export class FaultQueue {
  private queue: QueuedFault[] = []

  inject(fault: MockFault, times = 1): void {
    if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
      throw new RangeError(`times must be a positive integer or Infinity, got ${times}`)
    }
    this.queue.push({ fault: checkedFault(fault), remaining: times })
  }

  /** The next fault for a token request of this grant. */
  take(grantType: string | null): MockFault | null {
    return this.takeFor('token', grantType)
  }

  /** The next fault for a request to `endpoint`; `grantType` matters for token requests only. */
  takeFor(endpoint: MockEndpoint, grantType: string | null = null): MockFault | null {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.endpoint ?? 'token') === endpoint &&
        (fault.grantType === undefined || fault.grantType === grantType),
    )
    const entry = this.queue[index]
    if (!entry) return null
    entry.remaining -= 1
    if (entry.remaining <= 0) this.queue.splice(index, 1)
    return entry.fault
  }

  clear(): void {
    this.queue = []
  }
}

// Faults also arrive as JSON from `/__mock/faults`, so a typo there must fail loudly at
// injection instead of silently turning into a normal answer later.
function checkedFault(input: unknown): MockFault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('fault must be an object')
  }
  const fault = input as Record<string, unknown>
  const known = new Set(Object.keys(faultFieldChecks))
  for (const [name, value] of Object.entries(fault)) {
    if (value === undefined) continue
    if (!known.has(name)) throw new TypeError(`unknown fault field "${name}"`)
    const problem = faultFieldChecks[name as keyof MockFault](value)
    if (problem) throw new TypeError(`fault.${name} ${problem}`)
  }
  // Such a fault could never be consumed, which a test would only notice as a mystery.
  if (fault.grantType !== undefined && (fault.endpoint ?? 'token') !== 'token') {
    throw new TypeError('fault.grantType applies to token requests only')
  }
  const copy = structuredClone(fault) as MockFault
  return Object.freeze(copy)
}

type FieldCheck = (value: unknown) => string | null

const isTrue: FieldCheck = (value) => (value === true ? null : 'must be true')
const isString: FieldCheck = (value) => (typeof value === 'string' ? null : 'must be a string')
const isObject: FieldCheck = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'must be an object'

const endpoints: readonly MockEndpoint[] = [
  'token',
  'redirect-session',
  'login-page',
  'logout-page',
  'login',
  'register',
  'verify',
  'recovery',
]
const grantTypes = ['anonymous', 'refresh_token', 'authorization_code']

const oneOf =
  (allowed: readonly string[]): FieldCheck =>
  (value) =>
    allowed.includes(value as string)
      ? null
      : `must be one of ${allowed.map((name) => `"${name}"`).join(', ')}`

const faultFieldChecks: Record<keyof MockFault, FieldCheck> = {
  endpoint: oneOf(endpoints),
  grantType: oneOf(grantTypes),
  delayMs: (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? null
      : 'must be a non-negative number',
  hang: isTrue,
  drop: isTrue,
  status: (value) =>
    Number.isInteger(value) && (value as number) >= 200 && (value as number) <= 599
      ? null
      : 'must be an integer from 200 to 599',
  body: () => null,
  rawBody: isString,
  contentType: isString,
  headers: (value) =>
    isObject(value) ??
    (Object.values(value as object).every((header) => typeof header === 'string')
      ? null
      : 'values must be strings'),
  retryAfter: (value) =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
      ? null
      : 'must be a number or a string',
  malformedJson: isTrue,
  response: isObject,
}
