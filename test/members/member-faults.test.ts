/**
 * The members' rows of docs/fault-matrix.md, played against the mock Wix server over HTTP:
 * a fault in the redirect session (`loginUrl()`) or the code exchange (`completeLogin()`)
 * ends that call with a typed error and leaves the visitor's session exactly as it was.
 * The document is the source of truth; this file reads it and plays it.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SessionError } from '../../src/errors'
import type { MockFault } from '../../src/testing/index'
import { whoami } from '../support/session-fixture'
import { calls, followToCallback, memberScene, rejection } from './support'

interface MemberFaultRow {
  id: string
  call: 'redirect session' | 'code exchange'
  fault: MockFault
  code: string
  requests: number
}

const OUTCOME = /^failed ([a-z_]+) · (\d+)$/

function readMemberRows(markdown: string): MemberFaultRow[] {
  const section = markdown.split(/^## Members: the login URL and the code exchange\s*$/m)[1]
  if (section === undefined) throw new Error('docs/fault-matrix.md has no members section')
  const rows = section
    .split('\n')
    .filter((line) => line.trimStart().startsWith('|'))
    .slice(2)
  return rows.map((line) => {
    const [id, call, injected, outcome] = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim().replace(/^`|`$/g, ''))
    const match = OUTCOME.exec(outcome ?? '')
    if (!id || (call !== 'redirect session' && call !== 'code exchange') || !match) {
      throw new Error(`cannot read the members row: ${line}`)
    }
    return {
      id,
      call,
      fault: JSON.parse(injected ?? '') as MockFault,
      code: match[1] ?? '',
      requests: Number(match[2]),
    }
  })
}

const rows = readMemberRows(
  readFileSync(new URL('../../docs/fault-matrix.md', import.meta.url), 'utf8'),
)

describe('faults in a member login', () => {
  it('has a row for each call, covering what the token matrix covers', () => {
    expect(rows.filter((row) => row.call === 'redirect session').length).toBeGreaterThanOrEqual(5)
    expect(rows.filter((row) => row.call === 'code exchange').length).toBeGreaterThanOrEqual(5)
  })

  it.each(rows.map((row) => [row.id, row] as const))('%s', async (_id, row) => {
    const { server, session, members } = await memberScene({}, { requestTimeout: 300 })
    const before = await session.getTokens()
    let secrets = [before.accessToken, before.refreshToken]

    let settled: unknown
    if (row.call === 'redirect session') {
      server.clearRequests()
      server.injectFault(row.fault)
      settled = await rejection(members.loginUrl())
    } else {
      const callback = await followToCallback(await members.loginUrl())
      const codeSent = new URLSearchParams(new URL(callback).hash.slice(1)).get('code') ?? ''
      secrets = [...secrets, codeSent]
      server.clearRequests()
      server.injectFault(row.fault)
      settled = await rejection(members.completeLogin(callback))
    }

    expect(settled).toBeInstanceOf(SessionError)
    expect((settled as SessionError).code).toBe(row.code)
    expect(calls(server)).toHaveLength(row.requests)
    const said = `${String(settled)} ${JSON.stringify(settled)}`
    for (const secret of secrets) expect(said).not.toContain(secret)

    const after = await session.getTokens()
    expect(after.sessionId).toBe(before.sessionId)
    expect(after.role).toBe('visitor')
    expect((await whoami(server, after.accessToken)).status).toBe(200)
  })
})
