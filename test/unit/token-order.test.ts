import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../../machines/session.types'
import { generationOf, isLaterThan } from '../../machines/token-order'
import { parseTokenSet } from '../../src/token-set'

const at = (issuedAt: number, generation?: number): TokenSet => ({
  sessionId: 'visitor',
  accessToken: `A${issuedAt}`,
  refreshToken: `R${issuedAt}`,
  issuedAt,
  expiresAt: issuedAt + 1000,
  role: 'visitor',
  ...(generation === undefined ? {} : { generation }),
})

describe('the order of token sets', () => {
  it('goes by generation first, whatever the clock said', () => {
    expect(isLaterThan(at(1, 2), at(5_000, 1))).toBe(true)
    expect(isLaterThan(at(5_000, 1), at(1, 2))).toBe(false)
  })

  it('breaks a tie of generations by issue time, and is strict', () => {
    expect(isLaterThan(at(2, 3), at(1, 3))).toBe(true)
    expect(isLaterThan(at(1, 3), at(2, 3))).toBe(false)
    expect(isLaterThan(at(1, 3), at(1, 3))).toBe(false)
  })

  it('counts tokens from before generations as generation 0', () => {
    expect(generationOf(at(1))).toBe(0)
    expect(isLaterThan(at(1, 1), at(9))).toBe(true)
    expect(isLaterThan(at(9), at(1))).toBe(true)
  })
})

describe('generations arriving from outside', () => {
  it('are kept when sane, left out when absent, and refused otherwise', () => {
    expect(parseTokenSet(at(1, 4))?.generation).toBe(4)
    expect(parseTokenSet(at(1))).not.toHaveProperty('generation')
    for (const generation of [-1, 1.5, Number.NaN, 2 ** 53, '3', null]) {
      expect(parseTokenSet({ ...at(1), generation })).toBeNull()
    }
  })
})
