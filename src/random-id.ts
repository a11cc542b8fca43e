/**
 * A random identifier for a visitor's session. Uses `crypto.getRandomValues`, which,
 * unlike `crypto.randomUUID`, also exists on pages that are not a secure context.
 */
export function randomId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
