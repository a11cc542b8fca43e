/**
 * The `tabSync` actor for a session that shares nothing: outside browsers, or with sync
 * turned off. Announcements go nowhere and nothing ever arrives.
 */
import { fromCallback } from 'xstate'
import type { TabSyncCommand } from '../../machines/session.types'

export const noTabSync = fromCallback<TabSyncCommand>(() => undefined)
