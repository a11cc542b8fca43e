import { describe, expect, it } from 'vitest'
import { parseRosterMessage, type TabStatus } from '../../src/devtools/roster-messages'

const status: TabStatus = {
  state: 'active',
  detail: 'active',
  fingerprint: 'fp_0123abcd',
  sessionId: 'a1b2c3',
  expiresAt: 1_700_000_000_000,
  lastLed: { reason: 'refreshed', at: 1_700_000_000_000, fingerprint: 'fp_0123abcd' },
  title: 'Shop',
  visible: true,
}
const message = { v: 1, type: 'status', from: 'tab-1', ask: false, status }

describe('parseRosterMessage', () => {
  it('accepts a well-formed status and goodbye, rebuilt field by field', () => {
    expect(parseRosterMessage(message)).toEqual(message)
    expect(parseRosterMessage({ ...message, extra: 1, status: { ...status, extra: 2 } })).toEqual(
      message,
    )
    expect(parseRosterMessage({ v: 1, type: 'bye', from: 'tab-1' })).toEqual({
      v: 1,
      type: 'bye',
      from: 'tab-1',
    })
  })

  it.each([
    ['another version', { ...message, v: 2 }],
    ['an unknown type', { ...message, type: 'hello' }],
    ['no sender', { ...message, from: '' }],
    ['a huge sender', { ...message, from: 'x'.repeat(500) }],
    [
      'a token where a fingerprint belongs',
      { ...message, status: { ...status, fingerprint: 'OauthNG.JWS.abc' } },
    ],
    [
      'a bad lastLed',
      {
        ...message,
        status: { ...status, lastLed: { reason: 'stolen', at: 1, fingerprint: 'fp_0123abcd' } },
      },
    ],
    ['a non-finite expiry', { ...message, status: { ...status, expiresAt: Number.NaN } }],
    ['a missing title', { ...message, status: { ...status, title: undefined } }],
    ['an array', [message]],
    ['a string', 'status'],
    ['null', null],
  ])('ignores %s', (_, data) => {
    expect(parseRosterMessage(data)).toBeNull()
  })

  it('cuts long titles instead of showing them whole', () => {
    const parsed = parseRosterMessage({
      ...message,
      status: { ...status, title: 't'.repeat(1000) },
    })
    expect(parsed?.type === 'status' && parsed.status.title.length).toBe(120)
  })
})
