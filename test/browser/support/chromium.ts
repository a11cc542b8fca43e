/**
 * Debian's Chromium, driven by playwright-core. Never a downloaded browser: the path comes
 * from CHROMIUM_PATH, defaulting to the Debian package's /usr/bin/chromium.
 */
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Headless as root in a sandboxed CI, with nothing reaching out to Google's services.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}
