import { randomBytes } from 'node:crypto'

export type OneTimeLookup<T> =
  | { state: 'valid'; value: T }
  | { state: 'expired' | 'used'; value: T }
  | { state: 'unknown' }

interface Entry<T> {
  value: T
  expiresAt: number
  used: boolean
}

// Enough entropy that a test cannot pass by guessing or reusing a value by accident.
const keyBytes = 32

/**
 * Values handed out under a random key that work once and for a limited time: codes,
 * session tokens, state tokens, redirect sessions. An expired or spent key stays known, so
 * the answer can say which it was.
 */
export class OneTimeStore<T> {
  private readonly entries = new Map<string, Entry<T>>()

  constructor(
    private readonly now: () => number,
    private readonly prefix = '',
  ) {}

  /** `lifetimeMs` by the server's clock; `key` replaces the random one (e.g. a UUID). */
  issue(value: T, lifetimeMs: number, key?: string): string {
    const id = key ?? `${this.prefix}${randomBytes(keyBytes).toString('base64url')}`
    this.entries.set(id, { value, expiresAt: this.now() + lifetimeMs, used: false })
    return id
  }

  look(key: string | null | undefined): OneTimeLookup<T> {
    const entry = key ? this.entries.get(key) : undefined
    if (!entry) return { state: 'unknown' }
    if (entry.used) return { state: 'used', value: entry.value }
    if (this.now() >= entry.expiresAt) return { state: 'expired', value: entry.value }
    return { state: 'valid', value: entry.value }
  }

  /** Looks the key up and spends it, whatever the answer: no second try with one key. */
  take(key: string | null | undefined): OneTimeLookup<T> {
    const found = this.look(key)
    if (found.state !== 'unknown' && key) this.spend(key)
    return found
  }

  spend(key: string): void {
    const entry = this.entries.get(key)
    if (entry) entry.used = true
  }
}
