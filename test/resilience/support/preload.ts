/**
 * The in-realm lock manager's code is loaded on the first claim (src/locks/local-locks.ts),
 * by a dynamic import that real I/O completes, never a fake clock: a test that fakes the
 * clock and claims the lock before that import has finished would see a lock that never
 * comes. Such tests load the code first, so each case measures the lock, not the loading.
 */
export async function loadLockManagerCode(): Promise<void> {
  await import('../../../src/locks/local-lock-manager')
}
