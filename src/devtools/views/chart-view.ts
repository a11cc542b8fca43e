/**
 * The state chart as nested boxes, drawn from the machine definition, with the current
 * states highlighted and a short glow on the states just left (many last only
 * milliseconds). Beside it: what can happen next from here.
 */
import { allStates, type ChartState, type ChartTransition } from '../chart-model'
import { h, replaceChildren } from '../dom'

/** How long a state just left keeps glowing, so brief states can be seen passing. */
export const TRAIL_MS = 1_500

export function createChartView(chart: ChartState) {
  const boxes = new Map<string, HTMLElement>()
  const states = new Map(allStates(chart).map((state) => [state.path, state]))

  const build = (state: ChartState): HTMLElement => {
    const compound = state.children.length > 0
    const box = h(
      'div',
      {
        class: compound ? 'state compound' : 'state',
        'data-path': state.path,
        title: tooltip(state),
      },
      h('span', { class: 'state-name' }, state.key),
      state.invokes.length > 0 ? h('span', { class: 'invokes' }, state.invokes.join(', ')) : null,
      compound ? h('div', { class: 'children' }, ...state.children.map(build)) : null,
    )
    box.dataset.top = state.path.split('.')[0] ?? ''
    boxes.set(state.path, box)
    return box
  }

  const next = h('ul', { class: 'next', 'data-part': 'next' })
  const element = h(
    'section',
    { class: 'chart-pane' },
    h('h3', {}, 'State chart'),
    h('div', { class: 'chart', 'data-part': 'chart' }, ...chart.children.map(build)),
  )
  const nextElement = h('section', { class: 'next-pane' }, h('h3', {}, 'Can happen next'), next)
  let current: string[] = []

  return {
    element,
    /** The transitions that can leave the current states. */
    nextElement,
    /** Highlight the states of `detail` (e.g. `expiring.backingOff.waiting`). */
    update(detail: string) {
      const paths = prefixes(detail).filter((path) => boxes.has(path))
      if (paths.join() === current.join()) return
      for (const path of current) {
        if (paths.includes(path)) continue
        const box = boxes.get(path)
        box?.classList.remove('current')
        box?.animate?.(
          [{ boxShadow: '0 0 0 2px var(--glow)' }, { boxShadow: '0 0 0 2px transparent' }],
          {
            duration: TRAIL_MS,
            easing: 'ease-out',
          },
        )
      }
      for (const path of paths) boxes.get(path)?.classList.add('current')
      current = paths
      const here = [...paths].reverse().map((path) => states.get(path))
      replaceChildren(next, [
        ...here.flatMap((state) => (state ? state.transitions.map((t) => row(t, state.key)) : [])),
        ...chart.transitions.map((transition) => row(transition, 'any state')),
      ])
    },
  }
}

function row(transition: ChartTransition, from: string): HTMLElement | null {
  if (transition.targets.length === 0 && transition.actions.length === 0) return null
  const goes = transition.targets.length > 0 ? `→ ${transition.targets.join(', ')}` : '(stays)'
  return h(
    'li',
    {
      title: `from ${from}${transition.actions.length ? `; does ${transition.actions.join(', ')}` : ''}`,
    },
    h('code', { class: 'event' }, transition.event),
    transition.guard ? h('span', { class: 'guard' }, ` [${transition.guard}]`) : null,
    ` ${goes}`,
  )
}

function tooltip(state: ChartState): string {
  return [
    state.path,
    state.description,
    state.invokes.length ? `invokes ${state.invokes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n')
}

/** `a.b.c` → `['a', 'a.b', 'a.b.c']` */
function prefixes(detail: string): string[] {
  const parts = detail.split('.')
  return parts.map((_, index) => parts.slice(0, index + 1).join('.'))
}
