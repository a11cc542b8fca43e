import type { ServerResponse } from 'node:http'
import type { MockEndpoint } from './mock-members.types'
import type {
  MockRequestRecord,
  TokenRequestOutcome,
  TokenRequestRecord,
} from './mock-wix-server.types'

/** The mock's request log. Records are updated in place while requests run. */
export class RequestLog {
  private records: MockRequestRecord[] = []
  private lastId = 0

  open(): TokenRequestRecord {
    this.lastId += 1
    const record: TokenRequestRecord = {
      id: this.lastId,
      grantType: null,
      clientId: null,
      refreshToken: null,
      encoding: 'other',
      fieldStyle: 'none',
      startedAt: Date.now(),
      endedAt: null,
      outcome: 'pending',
      status: null,
      visitorId: null,
      fault: null,
    }
    this.records.push(record)
    return record
  }

  /**
   * A member-side request. Token records keep exactly their old fields (tests compare them
   * whole), so only these records name their endpoint.
   */
  openMember(endpoint: Exclude<MockEndpoint, 'token'>, method: string): MockRequestRecord {
    const { id, ...fields } = this.open()
    const record: MockRequestRecord = {
      id,
      endpoint,
      method,
      ...fields,
      result: null,
      email: null,
      memberId: null,
    }
    this.records[this.records.length - 1] = record
    return record
  }

  // Copies, so a test holding an earlier snapshot sees it stay as it was.
  snapshot(): readonly MockRequestRecord[] {
    return Object.freeze(this.records.map((record) => Object.freeze({ ...record })))
  }

  clear(): void {
    this.records = []
  }

  // The server is closing and has destroyed every connection: nothing still pending can be
  // answered, and a test awaiting `close()` must find the log already final.
  abortPending(): void {
    const now = Date.now()
    for (const record of this.records) {
      if (record.outcome !== 'pending') continue
      record.outcome = 'aborted'
      record.endedAt ??= now
    }
  }
}

/**
 * Keeps `endedAt` and `outcome` truthful: the end is when the answer is fully handed to the
 * socket, or when the connection closes first, in which case a request that had not been
 * processed yet is marked `aborted`.
 */
export function trackCompletion(record: TokenRequestRecord, res: ServerResponse): void {
  res.once('finish', () => {
    record.endedAt ??= Date.now()
  })
  res.once('close', () => {
    record.endedAt ??= Date.now()
    if (record.outcome === 'pending') record.outcome = 'aborted'
  })
}

export function settle(
  record: TokenRequestRecord,
  outcome: Exclude<TokenRequestOutcome, 'pending' | 'aborted'>,
  status: number | null,
): void {
  record.outcome = outcome
  record.status = status
}
