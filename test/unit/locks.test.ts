import { afterEach, describe, expect, it, vi } from 'vitest'
import { createActor, sendTo, setup } from 'xstate'
import type { SessionEvent } from '../../machines/session.types'
import { refreshLockActor } from '../../src/actors/refresh-lock'
import { createLocalLockManager } from '../../src/locks/local-lock-manager'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createLocalLockManager', () => {
  it('grants one holder at a time, in request order', async () => {
    const locks = createLocalLockManager()
    const order: string[] = []
    let releaseFirst: () => void = () => undefined
    const first = locks.request(
      'l',
      {},
      () =>
        new Promise<void>((resolve) => {
          order.push('first')
          releaseFirst = resolve
        }),
    )
    const second = locks.request('l', {}, () => {
      order.push('second')
    })
    const third = locks.request('l', {}, () => {
      order.push('third')
    })
    await tick()
    expect(order).toEqual(['first'])
    releaseFirst()
    await Promise.all([first, second, third])
    expect(order).toEqual(['first', 'second', 'third'])
  })

  it('drops a waiting request when its signal aborts', async () => {
    const locks = createLocalLockManager()
    let release: () => void = () => undefined
    const held = locks.request(
      'l',
      {},
      () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    )
    const controller = new AbortController()
    const ran = vi.fn()
    const waiting = locks.request('l', { signal: controller.signal }, ran)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    release()
    await held
    expect(ran).not.toHaveBeenCalled()
  })

  it("lets a steal take the lock at once and rejects the old holder's request", async () => {
    const locks = createLocalLockManager()
    let finishOld: () => void = () => undefined
    const old = locks.request(
      'l',
      {},
      () =>
        new Promise<void>((resolve) => {
          finishOld = resolve
        }),
    )
    await tick()
    let releaseThief: () => void = () => undefined
    const thief = locks.request(
      'l',
      { steal: true },
      () =>
        new Promise<void>((resolve) => {
          releaseThief = resolve
        }),
    )
    await expect(old).rejects.toMatchObject({ name: 'AbortError' })
    // The old holder finishing later must not release the thief's lock.
    finishOld()
    const next = vi.fn()
    const afterThief = locks.request('l', {}, next)
    await tick()
    expect(next).not.toHaveBeenCalled()
    releaseThief()
    await Promise.all([thief, afterThief])
    expect(next).toHaveBeenCalledOnce()
  })
})

describe('refreshLockActor', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** The lock actor invoked by a minimal parent, as the session machine invokes it. */
  function lockParticipant(locks: ReturnType<typeof createLocalLockManager>, stealAfterMs = 1000) {
    const events: SessionEvent['type'][] = []
    const record = ({ event }: { event: { type: string } }) => {
      events.push(event.type as SessionEvent['type'])
    }
    const host = setup({
      actors: { refreshLock: refreshLockActor({ locks, name: 'leader', stealAfterMs }) },
    }).createMachine({
      invoke: { id: 'refreshLock', src: 'refreshLock' },
      on: {
        CLAIM: { actions: sendTo('refreshLock', { type: 'CLAIM' }) },
        RELEASE: { actions: sendTo('refreshLock', { type: 'RELEASE' }) },
        'LEADERSHIP.GRANTED': { actions: record },
        'LEADERSHIP.LOST': { actions: record },
      },
    })
    const actor = createActor(host).start()
    return {
      events,
      claim: () => actor.send({ type: 'CLAIM' }),
      release: () => actor.send({ type: 'RELEASE' }),
      stop: () => actor.stop(),
    }
  }

  it('grants one tab, makes the other wait, and hands over on release', async () => {
    const locks = createLocalLockManager()
    const a = lockParticipant(locks)
    const b = lockParticipant(locks)
    a.claim()
    b.claim()
    await tick()
    expect(a.events).toEqual(['LEADERSHIP.GRANTED'])
    expect(b.events).toEqual([])
    a.claim()
    expect(a.events).toEqual(['LEADERSHIP.GRANTED', 'LEADERSHIP.GRANTED'])
    a.release()
    await tick()
    expect(b.events).toEqual(['LEADERSHIP.GRANTED'])
  })

  it('steals from a holder that keeps the lock past the bound, which learns it lost it', async () => {
    vi.useFakeTimers()
    const locks = createLocalLockManager()
    const hung = lockParticipant(locks, 1000)
    const waiting = lockParticipant(locks, 1000)
    hung.claim()
    await vi.advanceTimersByTimeAsync(0)
    waiting.claim()
    await vi.advanceTimersByTimeAsync(999)
    expect(waiting.events).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.events).toEqual(['LEADERSHIP.GRANTED'])
    expect(hung.events).toEqual(['LEADERSHIP.GRANTED', 'LEADERSHIP.LOST'])
  })

  it('gives up a waiting claim on release, and frees a held lock when stopped', async () => {
    const locks = createLocalLockManager()
    const holder = lockParticipant(locks)
    const quitter = lockParticipant(locks)
    const next = lockParticipant(locks)
    holder.claim()
    await tick()
    quitter.claim()
    quitter.release()
    next.claim()
    holder.stop()
    await tick()
    expect(quitter.events).toEqual([])
    expect(next.events).toEqual(['LEADERSHIP.GRANTED'])
  })
})
