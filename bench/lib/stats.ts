// Order statistics of a benchmark's samples, rounded for reading.

export interface Summary {
  n: number
  p10: number
  p50: number
  p90: number
  p99: number
  min: number
  max: number
}

/** The nearest-rank percentile `p` (0-100) of sorted samples. */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits

export function summary(samples: number[], digits = 2): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => round(percentile(sorted, p), digits)
  return { n: sorted.length, p10: at(10), p50: at(50), p90: at(90), p99: at(99), min: round(sorted[0], digits), max: round(sorted.at(-1)!, digits) }
}

export const median = (samples: number[]): number => percentile([...samples].sort((a, b) => a - b), 50)
