/**
 * A selector remembered per snapshot, so `useSyncExternalStore` is handed the very same
 * value for as long as nothing it selects has changed. Without it, a selector that builds
 * an object would give React a new value on every call: React then warns that the
 * snapshot "should be cached" and renders again and again.
 */
import type { SessionSnapshot } from '../session-snapshot'

/** The value a component last rendered with, once it has rendered. */
export type Rendered<T> = { value: T } | null

/**
 * `selector`, remembered: the same snapshot object gives the same selection without
 * calling `selector`; a new snapshot whose selection `isEqual` to the last one (or to
 * `rendered()`, what the component rendered before this selector existed) gives that
 * earlier value back, so React sees no change.
 */
export function rememberSelection<T>(
  selector: (snapshot: SessionSnapshot) => T,
  isEqual: (a: T, b: T) => boolean,
  rendered: () => Rendered<T>,
): (snapshot: SessionSnapshot) => T {
  let last: { snapshot: SessionSnapshot; value: T } | null = null
  return (snapshot) => {
    if (last !== null && last.snapshot === snapshot) return last.value
    const next = selector(snapshot)
    // A selector is usually written inline, so it is new on every render: compare with
    // what was rendered last, not only with what this selector gave.
    const previous = last ?? rendered()
    const value = previous !== null && isEqual(previous.value, next) ? previous.value : next
    last = { snapshot, value }
    return value
  }
}
