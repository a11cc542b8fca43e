/**
 * The panel's header: the state, who holds the session (visitor or member), the token's
 * fingerprint, and how long until the refresh is due and the token expires, counting down
 * live.
 */
import { formatDuration, h, replaceChildren } from '../dom'
import type { WatchedSession } from '../session-watch'

export function createHeaderView(onClose: () => void) {
  const state = h('span', { class: 'pill', 'data-part': 'state' })
  const detail = h('span', { class: 'detail', 'data-part': 'detail' })
  const role = h('span', { class: 'role', 'data-part': 'role' })
  const fingerprint = h('code', { class: 'fingerprint', 'data-part': 'fingerprint' })
  const facts = h('span', { class: 'facts' })
  const bar = h('span', { class: 'bar-fill' })
  const dueMark = h('span', { class: 'bar-due', title: 'refresh due' })
  const countdown = h('span', { class: 'countdown', 'data-part': 'countdown' })
  const close = h('button', { class: 'close', type: 'button', title: 'Close the panel' }, '×')
  close.addEventListener('click', onClose)
  const element = h(
    'header',
    { class: 'header' },
    h('span', { class: 'title' }, 'headless-session'),
    state,
    detail,
    role,
    fingerprint,
    facts,
    h('span', { class: 'timer' }, countdown, h('span', { class: 'bar' }, bar, dueMark)),
    close,
  )

  return {
    element,
    update(watched: WatchedSession, now: number) {
      const { snapshot } = watched
      state.textContent = snapshot.state
      state.dataset.state = snapshot.state
      detail.textContent = snapshot.detail === snapshot.state ? '' : snapshot.detail
      role.textContent = snapshot.role ?? ''
      role.dataset.role = snapshot.role ?? ''
      fingerprint.textContent = watched.fingerprint ?? 'no token'
      fingerprint.title = 'Fingerprint of the access token (never the token itself)'
      replaceChildren(facts, [
        snapshot.sessionId ? `session ${snapshot.sessionId.slice(0, 8)}` : '',
        snapshot.online ? '' : ' · offline',
        snapshot.error ? ` · error ${snapshot.error.code}` : '',
      ])
      updateTimer(watched, now)
    },
  }

  function updateTimer({ snapshot, issuedAt, refreshDueAt }: WatchedSession, now: number) {
    const { expiresAt } = snapshot
    if (expiresAt === null || refreshDueAt === null || issuedAt === null) {
      countdown.textContent = ''
      bar.style.width = '0%'
      return
    }
    const left = expiresAt - now
    const due = refreshDueAt - now
    countdown.textContent =
      left <= 0
        ? 'expired'
        : `expires in ${formatDuration(left)} · ${due > 0 ? `refresh in ${formatDuration(due)}` : 'refresh due'}`
    const lifetime = Math.max(1, expiresAt - issuedAt)
    const percent = (ms: number) => `${Math.max(0, Math.min(100, (ms / lifetime) * 100))}%`
    bar.style.width = percent(left)
    bar.dataset.due = String(due <= 0)
    dueMark.style.left = percent(expiresAt - refreshDueAt)
  }
}
