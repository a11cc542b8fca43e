/**
 * The panel's only way of making DOM: elements with attributes and text children. Text
 * always goes in as text nodes, never as HTML, because part of what the panel shows
 * (other tabs' announcements) arrives over a channel any same-origin script can write to.
 */

type Child = Node | string | null | undefined | false

/** `h('div', { class: 'box' }, 'text', otherNode)` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  append(element, children)
  return element
}

/** Replace an element's children. */
export function replaceChildren(parent: Element, children: Child[]): void {
  parent.textContent = ''
  append(parent, children)
}

function append(parent: Element, children: Child[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** `41.2 s`, `3 min 05 s`, `2 h 14 min`: a duration as people read it at a glance. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** `14:03:27.412`: a log timestamp. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs)
  const two = (value: number) => String(value).padStart(2, '0')
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`
}
