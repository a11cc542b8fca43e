/**
 * The selector memo behind `useSession()`: what keeps `useSyncExternalStore` from seeing a
 * new value when nothing it selects changed. React itself is exercised in
 * test/browser/react.test.ts; this pins the rule on its own.
 */
import { describe, expect, it } from 'vitest'
import { IDLE_SNAPSHOT, type SessionSnapshot, snapshotOfTokens } from '../../src/index'
import { type Rendered, rememberSelection } from '../../src/react/selection'

const active = snapshotOfTokens({ sessionId: 's-1', role: 'visitor', expiresAt: 1_000 })
const refreshed: SessionSnapshot = { ...active, expiresAt: 2_000 }
const member: SessionSnapshot = { ...active, role: 'member' }
const pickRole = (snapshot: SessionSnapshot) => ({ role: snapshot.role })
const sameRole = (a: { role: unknown }, b: { role: unknown }) => a.role === b.role

describe('rememberSelection', () => {
  it('gives the same value for the same snapshot without calling the selector again', () => {
    let calls = 0
    const select = rememberSelection(
      (snapshot) => {
        calls += 1
        return pickRole(snapshot)
      },
      Object.is,
      () => null,
    )
    const first = select(active)
    expect(select(active)).toBe(first)
    expect(calls).toBe(1)
  })

  it('keeps the earlier value when a new snapshot selects an equal one, and moves on when it differs', () => {
    const select = rememberSelection(pickRole, sameRole, () => null)
    const first = select(active)
    expect(select(refreshed)).toBe(first)
    const changed = select(member)
    expect(changed).toEqual({ role: 'member' })
    expect(changed).not.toBe(first)
  })

  it('with Object.is, a selector that builds objects gives a new value for each new snapshot', () => {
    const select = rememberSelection(pickRole, Object.is, () => null)
    expect(select(refreshed)).not.toBe(select(active))
  })

  it('a new selector (an inline one, after a render) gives back what was rendered when equal', () => {
    const rendered: Rendered<{ role: unknown }> = { value: { role: 'visitor' } }
    const select = rememberSelection(pickRole, sameRole, () => rendered)
    expect(select(refreshed)).toBe(rendered.value)
    expect(select(IDLE_SNAPSHOT)).toEqual({ role: null })
  })
})
