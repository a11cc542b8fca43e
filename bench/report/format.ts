/** How figures read in `docs/performance.md`. */

/** A Markdown table; Biome aligns its columns afterwards. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const ms = (value: number) => `${value.toFixed(1)} ms`

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

export const perSecond = (value: number) =>
  value >= 1e8
    ? `${Math.round(value / 1e6).toLocaleString('en')} M/s`
    : `${(value / 1e6).toFixed(2)} M/s`

/** Differences of `Date.now()` readings: whole milliseconds (or halves, for a median). */
export const wholeMs = (value: number) => `${value} ms`

export const count = (value: number) => value.toLocaleString('en')
