/**
 * Cross-tab propagation in Chromium: tab A refreshes; how long until every other tab of
 * the browser holds the new token. Measured from A's `tokensChanged` (refreshed, emitted
 * on its commit) to each other tab's `tokensChanged` (adopted), by `Date.now()` in each
 * page: one machine, one clock.
 */
import type { Page } from 'playwright-core'
import { startMockWixServer } from '../src/testing/index'
import type { TokensChange } from './pages/tab'
import { type BenchBrowser, openTab } from './support/browser'
import { type Summary, summarise } from './support/stats'

const TAB_COUNTS = [2, 5] as const
const REFRESHES = 20
const SETTLE_MS = 50

export interface CrossTabResult {
  tabs: number
  refreshes: number
  /** From A's commit to each other tab's adoption, ms (one figure per tab per refresh). */
  toEachTab: Summary
  /** From A's commit to the last other tab's adoption, ms (one figure per refresh). */
  toLastTab: Summary
}

const changesOf = (tab: Page) => tab.evaluate(() => window.benchTab.changes())

function firstAt(changes: TokensChange[], reason: TokensChange['reason']): number {
  const change = changes.find((candidate) => candidate.reason === reason)
  if (!change) throw new Error(`no tokensChanged (${reason}) in the tab`)
  return change.at
}

async function propagation(rig: BenchBrowser, tabCount: number): Promise<CrossTabResult> {
  const server = await startMockWixServer()
  const context = await rig.browser.newContext()
  try {
    const [leader, ...others] = await Promise.all(
      Array.from({ length: tabCount }, () => openTab(rig, context, server)),
    )
    if (!leader) throw new Error('no tabs')
    await Promise.all([leader, ...others].map((tab) => tab.evaluate(() => window.benchTab.start())))
    const toEachTab: number[] = []
    const toLastTab: number[] = []
    for (let i = 0; i < REFRESHES; i++) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
      await Promise.all(
        [leader, ...others].map((tab) => tab.evaluate(() => window.benchTab.forgetChanges())),
      )
      await leader.evaluate(() => window.benchTab.refresh())
      const committedAt = firstAt(await changesOf(leader), 'refreshed')
      const adoptedAt = await Promise.all(
        others.map(async (tab) => {
          await tab.waitForFunction(() =>
            window.benchTab.changes().some((change) => change.reason === 'adopted'),
          )
          return firstAt(await changesOf(tab), 'adopted')
        }),
      )
      toEachTab.push(...adoptedAt.map((at) => at - committedAt))
      toLastTab.push(Math.max(...adoptedAt) - committedAt)
    }
    return {
      tabs: tabCount,
      refreshes: REFRESHES,
      toEachTab: summarise(toEachTab),
      toLastTab: summarise(toLastTab),
    }
  } finally {
    await context.close()
    await server.close()
  }
}

export async function benchCrossTab(rig: BenchBrowser): Promise<CrossTabResult[]> {
  const results: CrossTabResult[] = []
  for (const tabs of TAB_COUNTS) results.push(await propagation(rig, tabs))
  return results
}
