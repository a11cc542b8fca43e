/** Summaries of repeated measurements. */

export interface Summary {
  runs: number
  median: number
  p95: number
  min: number
  max: number
}

/** Median, 95th percentile (nearest rank), min and max of at least one value. */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarise: no values')
  const sorted = [...values].sort((a, b) => a - b)
  return {
    runs: sorted.length,
    median: median(sorted),
    p95: nearestRank(sorted, 0.95),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  }
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function nearestRank(sorted: readonly number[], quantile: number): number {
  const rank = Math.ceil(quantile * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}
