// HTML diff and patch, shared by the server and the browser client (no Node imports here).
// A diff is a list of operations on the tokens of the base HTML: a positive number copies that many
// tokens, a negative number skips that many, a string is inserted as is.

export type Diff = Array<number | string>

const TOKEN = /\s+|[<>"=/]|[^\s<>"=/]+/g

export function tokenize(html: string): string[] {
  return html.match(TOKEN) ?? []
}

/** FNV-1a over UTF-16 code units: names the HTML a browser holds, identically on both sides. */
export function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
}

export function apply(base: string, diff: Diff): string {
  const tokens = tokenize(base)
  let at = 0
  let out = ''
  for (const op of diff) {
    if (typeof op === 'string') out += op
    else if (op < 0) at -= op
    else {
      out += tokens.slice(at, at + op).join('')
      at += op
    }
  }
  return out
}

/**
 * The operations that turn `base` into `next`, or null when sending `next` whole is smaller.
 * Common prefix and suffix first, then Myers' O(ND) algorithm on what is left, bounded by `maxEdits`.
 */
export function diff(base: string, next: string, maxEdits = 200): Diff | null {
  const a = tokenize(base)
  const b = tokenize(next)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB), maxEdits)
  if (!middle) return null
  const ops: Diff = []
  push(ops, start)
  for (const op of middle) push(ops, op)
  push(ops, a.length - endA)
  const encoded = JSON.stringify(ops)
  return encoded.length < JSON.stringify(next).length ? ops : null
}

function push(ops: Diff, op: number | string): void {
  if (op === 0 || op === '') return
  const last = ops[ops.length - 1]
  if (typeof op === 'string' && typeof last === 'string') ops[ops.length - 1] = last + op
  else if (typeof op === 'number' && typeof last === 'number' && Math.sign(op) === Math.sign(last)) ops[ops.length - 1] = last + op
  else ops.push(op)
}

/** Myers' shortest edit script as copy (+n) / skip (-n) / insert (string) operations. */
function myers(a: string[], b: string[], maxEdits: number): Diff | null {
  const n = a.length
  const m = b.length
  if (n === 0) return b.length ? [b.join('')] : []
  if (m === 0) return [-n]
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d, k)
    }
  }
  return null
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, d: number, k: number): Diff {
  const steps: Diff = []
  let x = a.length
  let y = b.length
  for (let depth = d; depth > 0; depth--) {
    const v = trace[depth]
    const down = k === -depth || (k !== depth && v[offset + k - 1] < v[offset + k + 1])
    const prevK = down ? k + 1 : k - 1
    const prevX = v[offset + prevK]
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      steps.push(1)
      x--
      y--
    }
    steps.push(down ? b[prevY] : -1)
    x = prevX
    y = prevY
    k = prevK
  }
  while (x > 0 && y > 0) {
    steps.push(1)
    x--
    y--
  }
  const ops: Diff = []
  for (let i = steps.length - 1; i >= 0; i--) push(ops, steps[i])
  return ops
}
