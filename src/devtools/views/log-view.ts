/**
 * The event log: states entered, machine events, events the session emitted and tabs
 * coming and going, newest at the bottom, filterable by kind.
 */
import { formatClock, h, replaceChildren } from '../dom'
import type { EventLog, LogKind } from '../event-log'

const KINDS: { kind: LogKind; label: string }[] = [
  { kind: 'state', label: 'states' },
  { kind: 'event', label: 'machine events' },
  { kind: 'emitted', label: 'emitted' },
  { kind: 'tab', label: 'tabs' },
]

export function createLogView(log: EventLog, onChange: () => void) {
  const hidden = new Set<LogKind>()
  const list = h('ol', { class: 'log', 'data-part': 'log' })
  const chips = KINDS.map(({ kind, label }) => {
    const chip = h(
      'button',
      { type: 'button', class: `chip on kind-${kind}`, 'aria-pressed': 'true' },
      label,
    )
    chip.addEventListener('click', () => {
      if (hidden.has(kind)) hidden.delete(kind)
      else hidden.add(kind)
      chip.classList.toggle('on', !hidden.has(kind))
      chip.setAttribute('aria-pressed', String(!hidden.has(kind)))
      onChange()
    })
    return chip
  })
  const clear = h('button', { type: 'button', class: 'chip' }, 'clear')
  clear.addEventListener('click', () => {
    log.clear()
    onChange()
  })
  const element = h(
    'section',
    { class: 'log-pane' },
    h('h3', {}, 'Event log ', h('span', { class: 'chips' }, ...chips, clear)),
    list,
  )
  let rendered = ''
  // Follow new entries unless the reader scrolled up. Tracked on scroll, not measured at
  // render time: the list also shrinks when the tab list above it grows.
  let pinned = true
  list.addEventListener('scroll', () => {
    pinned = list.scrollTop + list.clientHeight >= list.scrollHeight - 8
  })

  return {
    element,
    update() {
      const key = `${log.revision()}|${[...hidden].join()}`
      if (key === rendered) return
      rendered = key
      const entries = log.entries().filter((entry) => !hidden.has(entry.kind))
      replaceChildren(
        list,
        entries.map((entry) =>
          h(
            'li',
            { class: `entry kind-${entry.kind}` },
            h('time', {}, formatClock(entry.at)),
            h('span', { class: 'kind' }, entry.kind),
            h('span', { class: 'text' }, entry.text),
          ),
        ),
      )
      if (pinned) list.scrollTop = list.scrollHeight
    },
  }
}
