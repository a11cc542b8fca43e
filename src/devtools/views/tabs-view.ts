/**
 * Every open tab of the same app with its state and token fingerprint, and which tab led
 * the last mint or refresh (the one whose session minted or refreshed; the others adopted).
 */
import { formatDuration, h, replaceChildren } from '../dom'
import type { LedRequest, TabStatus } from '../roster-messages'
import { QUIET_AFTER_MS, type RosterEntry } from '../tab-roster'

export interface TabRow extends TabStatus {
  tabId: string
  self: boolean
  lastHeard: number
}

export function createTabsView() {
  const count = h('span', { class: 'count', 'data-part': 'tab-count' })
  const list = h('ol', { class: 'tabs', 'data-part': 'tabs' })
  const element = h('section', { class: 'tabs-pane' }, h('h3', {}, 'Tabs ', count), list)

  return {
    element,
    update(self: TabRow, others: RosterEntry[], now: number) {
      const rows: TabRow[] = [self, ...others.map((other) => ({ ...other, self: false }))]
      const leader = latestLeader(rows)
      count.textContent = `(${rows.length})`
      replaceChildren(
        list,
        rows.map((tab) => {
          const quiet = !tab.self && now - tab.lastHeard > QUIET_AFTER_MS
          const led = tab === leader && tab.lastLed ? tab.lastLed : null
          return h(
            'li',
            {
              class: `tab${tab.self ? ' self' : ''}${quiet ? ' quiet' : ''}`,
              'data-part': 'tab-row',
              'data-tab-id': tab.tabId,
              'data-fingerprint': tab.fingerprint ?? '',
            },
            h('span', { class: 'pill small', 'data-state': tab.state }, tab.state),
            h('code', { class: 'tab-id' }, tab.tabId.slice(0, 6)),
            h(
              'code',
              { class: mismatch(tab, self) ? 'fingerprint differs' : 'fingerprint' },
              tab.fingerprint ?? '—',
            ),
            h('span', { class: 'tab-title' }, tab.self ? 'this tab' : tab.title || 'untitled'),
            led ? h('span', { class: 'led', 'data-part': 'led' }, ledText(led, now)) : null,
            quiet
              ? h('span', { class: 'heard' }, `heard ${formatDuration(now - tab.lastHeard)} ago`)
              : null,
            tab.visible ? null : h('span', { class: 'hidden-tab' }, 'hidden'),
          )
        }),
      )
    },
  }
}

/** The tab whose mint or refresh is the latest: it led the last one for everyone. */
function latestLeader(rows: TabRow[]): TabRow | undefined {
  let leader: TabRow | undefined
  for (const row of rows) {
    if (row.lastLed && (!leader?.lastLed || row.lastLed.at > leader.lastLed.at)) leader = row
  }
  return leader
}

function ledText(led: LedRequest, now: number): string {
  return `led the last ${led.reason === 'minted' ? 'mint' : 'refresh'} (${formatDuration(now - led.at)} ago)`
}

function mismatch(tab: TabRow, self: TabRow): boolean {
  return (
    !tab.self &&
    tab.fingerprint !== null &&
    self.fingerprint !== null &&
    tab.fingerprint !== self.fingerprint
  )
}
