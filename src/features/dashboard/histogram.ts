// Event times in a fixed number of buckets: each bucket is 2^(1/4) wider than the one before (about 19 %), from
// 10 µs to over a minute, so a percentile read from them is within a bucket's width of the true one. A histogram
// is a Uint32Array of BUCKETS counts whatever the number of events: memory stays bounded, and two nodes'
// histograms add up bucket by bucket (the cluster's percentiles).

export const BUCKETS = 96
const SMALLEST_MS = 0.01
const STEPS_PER_DOUBLING = 4

/** The bucket of a duration in milliseconds. */
export function bucketOf(ms: number): number {
  if (!(ms > SMALLEST_MS)) return 0
  return Math.min(BUCKETS - 1, Math.ceil(Math.log2(ms / SMALLEST_MS) * STEPS_PER_DOUBLING))
}

/** The upper bound of bucket `i`, in milliseconds. */
export function boundOf(i: number): number {
  return SMALLEST_MS * 2 ** (i / STEPS_PER_DOUBLING)
}

/** The duration under which a fraction `p` (0.5, 0.99) of the counted events fall; undefined without events. */
export function percentile(counts: ArrayLike<number>, p: number): number | undefined {
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i]
  if (!total) return undefined
  let seen = 0
  const rank = Math.ceil(p * total)
  for (let i = 0; i < counts.length; i++) if ((seen += counts[i]) >= rank) return boundOf(i)
  return boundOf(counts.length - 1)
}

/** Adds `more` into `into`, bucket by bucket. */
export function addInto(into: number[] | Uint32Array, more: ArrayLike<number>): void {
  for (let i = 0; i < BUCKETS; i++) into[i] += more[i] ?? 0
}

/** The non-empty buckets as [index, count] pairs: what a snapshot carries between nodes. */
export function sparse(counts: ArrayLike<number>): Array<[number, number]> {
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < counts.length; i++) if (counts[i]) pairs.push([i, counts[i]])
  return pairs
}

/** The counts of [index, count] pairs, each checked (they come from another node, through Redis). */
export function dense(pairs: unknown): number[] {
  const counts = new Array<number>(BUCKETS).fill(0)
  if (!Array.isArray(pairs)) return counts
  for (const pair of pairs) {
    if (!Array.isArray(pair)) continue
    const [i, n] = pair
    if (Number.isInteger(i) && i >= 0 && i < BUCKETS && Number.isFinite(n) && n > 0) counts[i] += n
  }
  return counts
}
