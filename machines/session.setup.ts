/**
 * The machine's vocabulary: its types and the name of every actor, guard, delay and
 * action the chart may use, with default implementations (the clock-dependent ones bound
 * to the real clock, the actors empty slots). `createSession()` provides the real ones.
 */
import { setup } from 'xstate'
import { sessionActions } from './session.actions'
import { sessionActorSlots } from './session.actors'
import { sessionGuards } from './session.guards'
import { createTimingEffects } from './session.timing'
import type {
  SessionContext,
  SessionEmitted,
  SessionEvent,
  SessionMachineInput,
} from './session.types'

const realClock = createTimingEffects({ now: () => Date.now(), random: Math.random })

export const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionMachineInput,
    emitted: {} as SessionEmitted,
  },
  actors: sessionActorSlots,
  guards: { ...realClock.guards, ...sessionGuards },
  delays: {
    ...realClock.delays,
    peerReplyWindow: ({ context }) => context.peerReplyWindow,
  },
  actions: { ...realClock.actions, ...sessionActions },
})
