/**
 * Reading the devtools panel of a page the way a person reads it: from its shadow DOM,
 * which is the only thing the panel renders into.
 */
import type { Page } from 'playwright-core'

export interface PanelTabRow {
  tabId: string
  fingerprint: string
  self: boolean
  text: string
}

export interface PanelView {
  state: string
  /** `visitor`, `member`, or empty while no session is held. */
  role: string
  fingerprint: string
  countdown: string
  /** Paths of the highlighted chart states, outermost first. */
  current: string[]
  tabs: PanelTabRow[]
  log: string[]
  /** Everything the shadow root holds, as HTML, to search for secrets. */
  html: string
}

export function readPanel(page: Page): Promise<PanelView> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-headless-session-devtools]')?.shadowRoot
    if (!root) throw new Error('no devtools panel on the page')
    const text = (selector: string) => root.querySelector(selector)?.textContent ?? ''
    return {
      state: text('[data-part="state"]'),
      role: text('[data-part="role"]'),
      fingerprint: text('[data-part="fingerprint"]'),
      countdown: text('[data-part="countdown"]'),
      current: [...root.querySelectorAll('.state.current')].map(
        (box) => (box as HTMLElement).dataset.path ?? '',
      ),
      tabs: [...root.querySelectorAll('[data-part="tab-row"]')].map((row) => {
        const element = row as HTMLElement
        return {
          tabId: element.dataset.tabId ?? '',
          fingerprint: element.dataset.fingerprint ?? '',
          self: element.classList.contains('self'),
          text: element.textContent ?? '',
        }
      }),
      log: [...root.querySelectorAll('.log .text')].map((entry) => entry.textContent ?? ''),
      html: root.innerHTML,
    }
  })
}

/** Poll the panel until `check` holds; returns the view that satisfied it. */
export async function panelUntil(
  page: Page,
  check: (view: PanelView) => boolean,
  what: string,
  timeout = 10_000,
): Promise<PanelView> {
  const deadline = Date.now() + timeout
  for (;;) {
    const view = await readPanel(page)
    if (check(view)) return view
    if (Date.now() > deadline) {
      throw new Error(
        `the panel never showed ${what}; last seen: ${JSON.stringify({ ...view, html: undefined })}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
