/**
 * `mountSessionDevtools()`: a toggle button and a panel, in a shadow root of their own, that
 * show a running session live: the state chart with the current state, the token's
 * fingerprint and time left, every open tab of the same app, and an event log.
 */
import type { Session } from '../session'
import { chartOf } from './chart-model'
import { h } from './dom'
import { createEventLog } from './event-log'
import { rosterChannelName, type TabStatus } from './roster-messages'
import { watchSession } from './session-watch'
import { STYLES } from './styles'
import { createTabRoster, type RosterChannel, type TabRoster } from './tab-roster'
import { createChartView } from './views/chart-view'
import { createHeaderView } from './views/header-view'
import { createLogView } from './views/log-view'
import { createTabsView } from './views/tabs-view'

/** How often the countdown and the tab list refresh while the panel is open. */
const TICK_MS = 250

/**
 * Options of `mountSessionDevtools()`. All are optional.
 *
 * @example
 * ```ts
 * const options: SessionDevtoolsOptions = { open: true, buttonPosition: 'bottom-left' }
 * const unmount = mountSessionDevtools(session, options)
 * ```
 */
export interface SessionDevtoolsOptions {
  /** Where the panel's host element goes. Default `document.body`. */
  container?: Element
  /** Start with the panel open. Default `false`: only the toggle button shows. */
  open?: boolean
  /** Corner of the toggle button. Default `bottom-right`. */
  buttonPosition?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left'
  /**
   * List the app's other tabs that have the devtools mounted, over a BroadcastChannel of
   * the devtools' own. Default: on where BroadcastChannel exists.
   */
  shareWithTabs?: boolean
  /** The BroadcastChannel constructor for the tab list. Default `globalThis.BroadcastChannel`. */
  BroadcastChannel?: new (
    name: string,
  ) => RosterChannel
  /** Epoch milliseconds, for the countdown and the log. Default `Date.now`. */
  now?: () => number
  /** Log entries kept. Default 300. */
  logSize?: number
}

/**
 * Show a live devtools panel for `session` (during development). Returns the function that
 * removes it again. Nothing here touches the network, and no token is shown or sent to
 * other tabs: tokens appear as fingerprints.
 *
 * @example
 * ```ts
 * import { createSession } from 'headless-session'
 *
 * const session = createSession({ clientId: 'my-wix-client-id' }).start()
 * if (import.meta.env.DEV) {
 *   const { mountSessionDevtools } = await import('headless-session/devtools')
 *   mountSessionDevtools(session, { open: true })
 * }
 * ```
 */
export function mountSessionDevtools(
  session: Session,
  options: SessionDevtoolsOptions = {},
): () => void {
  if (typeof document === 'undefined') {
    throw new TypeError('headless-session/devtools: mountSessionDevtools() needs a DOM')
  }
  const now = options.now ?? Date.now
  const chart = chartOf(session.actor.logic)
  const log = createEventLog(options.logSize)
  let open = options.open ?? false
  let frame: ReturnType<typeof setTimeout> | undefined
  let roster: TabRoster | null = null
  let announced = ''
  let ready = false

  const header = createHeaderView(() => setOpen(false))
  const chartView = createChartView(chart)
  const tabsView = createTabsView()
  const logView = createLogView(log, () => schedule())
  const dot = h('span', { class: 'dot' })
  const toggle = h(
    'button',
    {
      type: 'button',
      class: `toggle ${options.buttonPosition ?? 'bottom-right'}`,
      'data-part': 'toggle',
      title: 'headless-session devtools',
    },
    dot,
    'session',
  )
  const panel = h(
    'div',
    { class: 'panel', 'data-part': 'panel', role: 'region', 'aria-label': 'Session devtools' },
    header.element,
    chartView.element,
    h('div', { class: 'side' }, tabsView.element, chartView.nextElement, logView.element),
  )
  toggle.addEventListener('click', () => setOpen(!open))

  const host = h('div', { 'data-headless-session-devtools': '' })
  const shadow = host.attachShadow({ mode: 'open' })
  shadow.append(h('style', {}, STYLES), h('div', { class: 'root' }, toggle, panel))

  const watch = watchSession(session, chart, log, now, () => changed())
  const selfStatus = (): TabStatus => {
    const watched = watch.current()
    return {
      state: watched.snapshot.state,
      detail: watched.snapshot.detail || watched.snapshot.state,
      fingerprint: watched.fingerprint,
      sessionId: watched.snapshot.sessionId,
      expiresAt: watched.snapshot.expiresAt,
      lastLed: watched.lastLed,
      title: document.title,
      visible: document.visibilityState !== 'hidden',
    }
  }
  const Channel = options.BroadcastChannel ?? globalThis.BroadcastChannel
  roster =
    (options.shareWithTabs ?? true) && typeof Channel === 'function'
      ? createTabRoster({
          channelName: rosterChannelName(session.clientId),
          tabId: session.tabId,
          status: selfStatus,
          now,
          openChannel: (name) => new Channel(name),
          lifecycle: globalThis,
          onChange: ({ joined, left }) => {
            if (joined)
              log.add({ at: now(), kind: 'tab', text: `tab ${joined.slice(0, 6)} joined` })
            if (left) log.add({ at: now(), kind: 'tab', text: `tab ${left.slice(0, 6)} left` })
            schedule()
          },
        })
      : null
  ready = true

  function changed() {
    if (!ready) return
    const status = JSON.stringify(selfStatus())
    if (status !== announced) {
      announced = status
      roster?.announce()
    }
    schedule()
  }

  function schedule() {
    if (frame !== undefined) return
    // A timer rather than requestAnimationFrame: hidden tabs must keep their view current.
    frame = setTimeout(render, 16)
  }

  function render() {
    clearTimeout(frame)
    frame = undefined
    const watched = watch.current()
    dot.dataset.state = watched.snapshot.state
    toggle.title = `headless-session: ${watched.snapshot.detail}`
    panel.hidden = !open
    if (!open) return
    const time = now()
    header.update(watched, time)
    chartView.update(watched.snapshot.detail)
    tabsView.update(
      { ...selfStatus(), tabId: session.tabId, self: true, lastHeard: time },
      roster?.others() ?? [],
      time,
    )
    logView.update()
  }

  function setOpen(next: boolean) {
    open = next
    toggle.setAttribute('aria-expanded', String(open))
    render()
  }

  const onVisibility = () => changed()
  document.addEventListener('visibilitychange', onVisibility)
  const clock = setInterval(() => {
    roster?.prune()
    if (open) render()
  }, TICK_MS)
  ;(options.container ?? document.body).append(host)
  setOpen(open)
  changed()

  let mounted = true
  return () => {
    if (!mounted) return
    mounted = false
    clearInterval(clock)
    clearTimeout(frame)
    document.removeEventListener('visibilitychange', onVisibility)
    watch.stop()
    roster?.close()
    host.remove()
  }
}
