// "Did you mean": the known name nearest to a mistyped one, for the messages that name a mistake.

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, case aside. */
function distance(a: string, b: string): number {
  ;[a, b] = [a.toLowerCase(), b.toLowerCase()]
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
  }
  return rows[a.length]![b.length]!
}

/** The known name `name` most likely meant: a plural, a prefix, or a few edits away (a third of its length at most). */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const k = candidate.toLowerCase()
    if (k === name) continue
    if (k === lower || k === `${lower}s` || `${k}s` === lower) return candidate
    const d = k.startsWith(lower) || lower.startsWith(k) ? 1.5 : distance(name, candidate)
    if (d < bestDistance && d <= Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3))) [best, bestDistance] = [candidate, d]
  }
  return best
}

/** ` (did you mean \`x\`?)` for the nearest known name, or nothing. */
export function didYouMean(name: string, known: Iterable<string>, quote = '`'): string {
  const close = nearest(name, known)
  return close ? ` (did you mean ${quote}${close}${quote}?)` : ''
}
