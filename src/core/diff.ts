// Text diff and patch, shared by the server and the browser client (no Node imports here).
// A diff is a list of operations on the base text: a positive number copies that many characters,
// a negative number skips that many, a string is inserted as it is; the rest of the base is copied.

export type Diff = Array<number | string>

// HTML-ish and JSON-ish tokens (a number changed in `"seq":41,` is one token)
const TOKEN = /\s+|[<>"=/,:{}[\]]|[^\s<>"=/,:{}[\]]+/g

/** FNV-1a over UTF-16 code units: names the HTML a browser holds, identically on both sides. */
export function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
}

/** What is left of the base after the last operation is copied (a diff does not spell out its tail). */
export function apply(base: string, diff: Diff): string {
  let at = 0
  let out = ''
  for (const op of diff) {
    if (typeof op === 'string') out += op
    else if (op < 0) at -= op
    else out += base.slice(at, (at += op))
  }
  return out + base.slice(at)
}

/**
 * The operations that turn `base` into `next`, or null when sending `next` whole is smaller.
 * The common prefix and suffix are found by character; what is left between them is split into
 * HTML-ish tokens and compared with Myers' O(ND) algorithm, bounded by `maxEdits`.
 */
export function diff(base: string, next: string, maxEdits = 200): Diff | null {
  const start = commonPrefix(base, next)
  const end = commonSuffix(base, next, Math.min(base.length, next.length) - start)
  const a = base.slice(start, base.length - end).match(TOKEN) ?? []
  const b = next.slice(start, next.length - end).match(TOKEN) ?? []
  const middle = myers(a, b, maxEdits)
  if (!middle) return null
  const ops: Diff = []
  push(ops, start)
  for (const op of middle) push(ops, op)
  // the tail the two share is implied (apply copies what is left)
  if (typeof ops[ops.length - 1] === 'number' && (ops[ops.length - 1] as number) > 0) ops.pop()
  return encodedSize(ops) < next.length ? ops : null
}

// Common ends are compared in slices (memory comparisons), 256, 16 and then 1 characters at a time:
// a character loop costs 10-30 times more on the 10-100 KB texts of a large component.
const STEPS = [256, 16, 1]

function commonPrefix(a: string, b: string): number {
  const room = Math.min(a.length, b.length)
  let n = 0
  for (const step of STEPS) while (n + step <= room && a.slice(n, n + step) === b.slice(n, n + step)) n += step
  return n
}

/** The length of the common suffix, at most `room` characters. */
function commonSuffix(a: string, b: string, room: number): number {
  let n = 0
  for (const step of STEPS) while (n + step <= room && a.slice(a.length - n - step, a.length - n) === b.slice(b.length - n - step, b.length - n)) n += step
  return n
}

/** About the JSON size of `ops` (strings counted unescaped), without building it. */
function encodedSize(ops: Diff): number {
  let size = 2
  for (const op of ops) size += typeof op === 'string' ? op.length + 3 : String(op).length + 1
  return size
}

function push(ops: Diff, op: number | string): void {
  if (op === 0 || op === '') return
  const last = ops[ops.length - 1]
  if (typeof op === 'string' && typeof last === 'string') ops[ops.length - 1] = last + op
  else if (typeof op === 'number' && typeof last === 'number' && Math.sign(op) === Math.sign(last)) ops[ops.length - 1] = last + op
  else ops.push(op)
}

/** Myers' shortest edit script, as copy (+chars) / skip (-chars) / insert (string) operations. */
function myers(a: string[], b: string[], maxEdits: number): Diff | null {
  const n = a.length
  const m = b.length
  if (n === 0) return m ? [b.join('')] : []
  if (m === 0) return [-a.join('').length]
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  // plain arrays of small integers: a typed array's allocation costs about a microsecond, one per step
  const v: number[] = new Array(2 * max + 3).fill(0)
  const trace: number[][] = []
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

function backtrack(trace: number[][], a: string[], b: string[], offset: number, d: number, k: number): Diff {
  const steps: Diff = []
  let x = a.length
  let y = b.length
  for (let depth = d; depth > 0; depth--) {
    const v = trace[depth]
    const down = k === -depth || (k !== depth && v[offset + k - 1] < v[offset + k + 1])
    const prevK = down ? k + 1 : k - 1
    const prevX = v[offset + prevK]
    const prevY = prevX - prevK
    for (; x > prevX && y > prevY; y--) steps.push(a[--x].length)
    steps.push(down ? b[prevY] : -a[prevX].length)
    x = prevX
    y = prevY
    k = prevK
  }
  for (; x > 0 && y > 0; y--) steps.push(a[--x].length)
  const ops: Diff = []
  for (let i = steps.length - 1; i >= 0; i--) push(ops, steps[i])
  return ops
}

// base64url of UTF-8 text, with the browser's binary-string functions (escape and unescape carry the UTF-8)
const fromBase64url = (text: string) => decodeURIComponent(escape(atob(text.replace(/-/g, '+').replace(/_/g, '/'))))
const toBase64url = (text: string) => btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** The next token from the one held, the diff of its payload and the new signature. */
export function patchToken(held: string, payload: Diff, signature: string): string {
  const [header, body] = held.split('.')
  return `${header}.${toBase64url(apply(fromBase64url(body), payload))}.${signature}`
}
