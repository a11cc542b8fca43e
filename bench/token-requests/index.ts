/**
 * Token requests for N tabs × M concurrent callers × K token lifetimes: this library in
 * Chromium and `@wix/sdk` in Node (against a mock that keeps refresh tokens, and one that
 * rotates them), side by side, at the same time, each against its own mock server.
 */
import type { BenchBrowser } from '../support/browser'
import { runOursInChromium } from './ours-in-chromium'
import { type ImplementationRun, idealRequests, type TokenScenario } from './scenario'
import { installWixApiRoute } from './wix-api-route'
import { runWixSdkInNode } from './wix-sdk-in-node'

export const TOKEN_SCENARIOS: readonly TokenScenario[] = [
  { tabs: 1, callers: 1, lifetimes: 3 },
  { tabs: 1, callers: 10, lifetimes: 3 },
  { tabs: 5, callers: 1, lifetimes: 3 },
  { tabs: 5, callers: 10, lifetimes: 3 },
]

export interface TokenRequestsResult {
  scenario: TokenScenario
  ideal: number
  /** This library, against a mock that rotates refresh tokens (the mock's default). */
  ours: ImplementationRun
  /** `@wix/sdk` against a mock that keeps refresh tokens valid (charitable to it). */
  wixSdk: ImplementationRun
  /** `@wix/sdk` against a mock that rotates refresh tokens. */
  wixSdkRotating: ImplementationRun
}

export async function benchTokenRequests(rig: BenchBrowser): Promise<TokenRequestsResult[]> {
  const results: TokenRequestsResult[] = []
  const uninstall = installWixApiRoute()
  try {
    for (const scenario of TOKEN_SCENARIOS) {
      const [ours, wixSdk, wixSdkRotating] = await Promise.all([
        runOursInChromium(rig, scenario),
        runWixSdkInNode(scenario, false),
        runWixSdkInNode(scenario, true),
      ])
      results.push({ scenario, ideal: idealRequests(scenario), ours, wixSdk, wixSdkRotating })
    }
  } finally {
    uninstall()
  }
  return results
}
