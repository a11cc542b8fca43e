/**
 * The inspection wrapper on its own, with a small machine whose context, actor input and
 * output hold token fields: what an inspector can read, and what still works for it.
 */
import stringify from 'safe-stable-stringify'
import { describe, expect, it } from 'vitest'
import { type AnyActorRef, createActor, fromPromise, type InspectionEvent, setup } from 'xstate'
import { tokenFingerprint } from '../../src/fingerprint'
import { redactInspection } from '../../src/inspection'

const ACCESS = 'OauthNG.JWS.access-secret'
const REFRESH = 'JWS.refresh-secret'
const OLD_REFRESH = 'JWS.spent-secret'

interface Context {
  tokens: { accessToken: string; refreshToken: string; sessionId: string }
}

interface Exchange {
  tokens: Context['tokens']
  replaces: string
}

const machine = setup({
  types: { context: {} as Context },
  actors: {
    exchange: fromPromise<{ echoed: Exchange }, Exchange>(async ({ input }) => ({ echoed: input })),
  },
}).createMachine({
  id: 'tokens',
  context: { tokens: { accessToken: ACCESS, refreshToken: REFRESH, sessionId: 'visible' } },
  initial: 'exchanging',
  states: {
    exchanging: {
      invoke: {
        id: 'exchange',
        src: 'exchange',
        input: ({ context }: { context: Context }) => ({
          tokens: context.tokens,
          replaces: OLD_REFRESH,
        }),
        onDone: 'done',
      },
    },
    done: {},
  },
})

async function run(observe: (event: InspectionEvent) => void) {
  const actor = createActor(machine, { inspect: redactInspection(observe) })
  actor.start()
  await new Promise((resolve) => setTimeout(resolve, 10))
  return actor
}

describe('redactInspection', () => {
  it('replaces token fields in context, events, inputs and outputs by their fingerprint', async () => {
    const payloads: string[] = []
    await run((event) => payloads.push(stringify(event) ?? ''))
    const all = payloads.join('\n')
    for (const secret of [ACCESS, REFRESH, OLD_REFRESH]) expect(all).not.toContain(secret)
    expect(all).toContain(`[redacted ${tokenFingerprint(ACCESS)}]`)
    expect(all).toContain(`[redacted ${tokenFingerprint(OLD_REFRESH)}]`)
    // Fields that are not tokens are left alone.
    expect(all).toContain('"sessionId":"visible"')
  })

  it('gives actor references whose snapshots, read later, are redacted too', async () => {
    const refs: AnyActorRef[] = []
    const actor = await run((event) => {
      if (event.type === '@xstate.actor') refs.push(event.actorRef as AnyActorRef)
    })
    const child = refs.find((ref) => ref.id === 'exchange')
    const root = refs.find((ref) => ref.sessionId === actor.sessionId)
    if (!child || !root) throw new Error('the inspector saw no root or child actor')
    // Read after the fact, as @statelyai/inspect does on an idle callback.
    expect(stringify(child.getSnapshot())).not.toContain('secret')
    expect(child.getSnapshot().output.echoed.tokens.accessToken).toBe(
      `[redacted ${tokenFingerprint(ACCESS)}]`,
    )
    expect(stringify(child.getPersistedSnapshot())).not.toContain('secret')
    expect(stringify((child._parent as AnyActorRef).getSnapshot())).not.toContain('secret')
    expect(root.getSnapshot().context.tokens.accessToken).toMatch(/^\[redacted fp_[0-9a-f]{8}\]$/)
    // Everything else reads through to the real actor.
    expect(child._parent?.sessionId).toBe(actor.sessionId)
    expect(child.getSnapshot().status).toBe('done')
    expect(root.getSnapshot().value).toBe('done')
    // The real actor is untouched.
    expect(actor.getSnapshot().context.tokens.accessToken).toBe(ACCESS)
  })

  it('keeps redacted machine snapshots usable: matches() and toJSON() still answer', async () => {
    const snapshots: InspectionEvent[] = []
    await run((event) => {
      if (event.type === '@xstate.snapshot' && event.actorRef.getSnapshot().machine)
        snapshots.push(event)
    })
    const last = snapshots.at(-1)
    if (last?.type !== '@xstate.snapshot') throw new Error('no machine snapshot was inspected')
    const snapshot = last.snapshot as ReturnType<typeof machine.getInitialSnapshot>
    expect(snapshot.matches('done')).toBe(true)
    expect(JSON.parse(JSON.stringify(snapshot))).toMatchObject({ value: 'done', status: 'active' })
  })

  it('accepts an observer object as well as a function', async () => {
    const types: string[] = []
    await run(redactInspection({ next: (event) => types.push(event.type) }))
    expect(types).toContain('@xstate.snapshot')
  })

  it('replaces data nested deeper than the machine ever nests instead of walking it', () => {
    let deep: Record<string, unknown> = { accessToken: ACCESS }
    for (let level = 0; level < 12; level++) deep = { inner: deep }
    const seen: InspectionEvent[] = []
    const observe = redactInspection((event) => seen.push(event))
    const actor = createActor(machine)
    observe({
      type: '@xstate.event',
      actorRef: actor,
      sourceRef: undefined,
      rootId: 'x',
      event: { type: 'DEEP', deep },
    })
    expect(stringify(seen)).not.toContain(ACCESS)
    expect(stringify(seen)).toContain('[redacted]')
  })
})
