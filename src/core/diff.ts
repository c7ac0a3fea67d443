// Text diff and patch, shared by the server and the browser client (no Node imports here).
// A diff is a list of operations on the base text: a positive number copies that many characters,
// a negative number skips that many, a string is inserted as it is; the rest of the base is copied.

export type Diff = Array<number | string>

// HTML-ish and JSON-ish tokens (a number changed in `"seq":41,` is one token): a run of white space, one of
// `<>"=/,:{}[]`, or a run of anything else. Read by character code: twice as fast as a regular expression's
// match on the short texts most renders change.
const SPACE = 1
const MARK = 2
// (built by a pure call: the browser client, which bundles this file for `apply`, leaves it out)
const ASCII = /* @__PURE__ */ asciiKinds()

function asciiKinds(): Uint8Array {
  const kinds = new Uint8Array(128)
  for (const c of '<>"=/,:{}[]') kinds[c.charCodeAt(0)] = MARK
  for (const c of ' \t\n\v\f\r') kinds[c.charCodeAt(0)] = SPACE
  return kinds
}
/** What `\s` matches beyond ASCII. */
const wideSpace = (c: number) =>
  c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
const kindAt = (text: string, i: number) => {
  const c = text.charCodeAt(i)
  return c < 128 ? ASCII[c] : wideSpace(c) ? SPACE : 0
}

/** The tokens of `text` from `from` to `to`. */
function tokens(text: string, from: number, to: number): string[] {
  const out: string[] = []
  let i = from
  while (i < to) {
    const kind = kindAt(text, i)
    let j = i + 1
    if (kind !== MARK) while (j < to && kindAt(text, j) === kind) j++
    out.push(text.slice(i, j))
    i = j
  }
  return out
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
  const ops: Diff = []
  return edit(base, next, maxEdits, ops) ? shortest(ops, next) : null
}

/**
 * The same, as two diffs: of the texts before `at` (in `base`) and `atNext` (in `next`), then of the rest. For
 * texts whose changes sit on both sides of a known place (a token's `seq` and its state), each change is then
 * found by its common ends, with no search through what lies between them.
 */
export function diffAt(base: string, next: string, at: number, atNext: number, maxEdits = 200): Diff | null {
  const ops: Diff = []
  const both = edit(base.slice(0, at), next.slice(0, atNext), maxEdits, ops) && edit(base.slice(at), next.slice(atNext), maxEdits, ops)
  return both ? shortest(ops, next) : null
}

/** Pushes the operations that turn `base` into `next` (all of it, its common tail too); false past `maxEdits`. */
function edit(base: string, next: string, maxEdits: number, ops: Diff): boolean {
  const start = commonPrefix(base, next)
  const end = commonSuffix(base, next, Math.min(base.length, next.length) - start)
  const baseEnd = base.length - end
  const nextEnd = next.length - end
  push(ops, start)
  if (maxEdits >= 2 && atMostOneToken(base, start, baseEnd) && atMostOneToken(next, start, nextEnd)) {
    // what Myers' search would find, without its token lists: skip the one, insert the other
    push(ops, start - baseEnd)
    push(ops, next.slice(start, nextEnd))
  } else if (!myers(tokens(base, start, baseEnd), tokens(next, start, nextEnd), maxEdits, ops)) return false
  push(ops, end)
  return true
}

/** Whether `tokens` would find no more than one token in `text` from `from` to `to` (a number that changed, say). */
function atMostOneToken(text: string, from: number, to: number): boolean {
  if (to - from < 2) return true
  const kind = kindAt(text, from)
  if (kind === MARK) return false
  for (let i = from + 1; i < to; i++) if (kindAt(text, i) !== kind) return false
  return true
}

/** `ops` without the tail they copy (apply copies what is left), or null when sending `next` whole is smaller. */
function shortest(ops: Diff, next: string): Diff | null {
  if (typeof ops[ops.length - 1] === 'number' && (ops[ops.length - 1] as number) > 0) ops.pop()
  return encodedSize(ops) < next.length ? ops : null
}

// Common ends are compared in slices of 256 characters (memory comparisons: a character loop costs 10-30 times
// more on the 10-100 KB texts of a large component), then by character code: on a render's few hundred
// characters that loop is faster than slices of 16 were, and makes no string (each slice is an allocation).
const SLICE = 256

function commonPrefix(a: string, b: string): number {
  const room = Math.min(a.length, b.length)
  let n = 0
  while (n + SLICE <= room && a.slice(n, n + SLICE) === b.slice(n, n + SLICE)) n += SLICE
  while (n < room && a.charCodeAt(n) === b.charCodeAt(n)) n++
  return n
}

/** The length of the common suffix, at most `room` characters. */
function commonSuffix(a: string, b: string, room: number): number {
  let n = 0
  while (n + SLICE <= room && a.slice(a.length - n - SLICE, a.length - n) === b.slice(b.length - n - SLICE, b.length - n)) n += SLICE
  const lastA = a.length - 1
  const lastB = b.length - 1
  while (n < room && a.charCodeAt(lastA - n) === b.charCodeAt(lastB - n)) n++
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
  else if (typeof op === 'number' && typeof last === 'number' && (op > 0) === (last > 0)) ops[ops.length - 1] = last + op
  else ops.push(op)
}

/**
 * Myers' shortest edit script, pushed onto `ops` as copy (+chars) / skip (-chars) / insert (string)
 * operations; false when it takes more than `maxEdits`. The search keeps, for each number of edits d, only
 * the diagonals it can reach (-d-1 to d+1), one step after another, in arrays kept from one diff to the next
 * (diffs run one at a time): a render's diff allocates nothing for its search.
 */
function myers(a: string[], b: string[], maxEdits: number, ops: Diff): boolean {
  const n = a.length
  const m = b.length
  if (n === 0) return m > 0 && push(ops, b.join('')), true
  if (m === 0) return push(ops, -a.join('').length), true
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  const v = scratch.frontier(2 * max + 3)
  let kept = 0
  for (let d = 0; d <= max; d++) {
    // diagonals -d-1 and d+1 are read before any step wrote them: they start at 0
    v[offset - d - 1] = v[offset + d + 1] = 0
    // trace[row(d) + d + 1 + k] is v[offset + k] as it was before step d, for k in -d-1..d+1
    const trace = scratch.trace(kept + 2 * d + 3)
    for (let k = -d - 1; k <= d + 1; k++) trace[kept++] = v[offset + k]
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, a, b, d, k, ops), true
    }
  }
  return false
}

/** The search's arrays, grown when a diff needs more. */
const scratch = {
  v: /* @__PURE__ */ new Int32Array(64),
  t: /* @__PURE__ */ new Int32Array(256),
  frontier(size: number): Int32Array {
    if (this.v.length < size) this.v = new Int32Array(size)
    return this.v
  },
  trace(size: number): Int32Array {
    if (this.t.length < size) {
      const grown = new Int32Array(Math.max(size, 2 * this.t.length))
      grown.set(this.t)
      this.t = grown
    }
    return this.t
  },
}

/** The start of step d's diagonals in the trace: steps 0..d-1 kept 3, 5, 7... numbers each. */
const row = (d: number) => d * (d + 2)

function backtrack(trace: Int32Array, a: string[], b: string[], d: number, k: number, ops: Diff): void {
  const steps: Diff = []
  let x = a.length
  let y = b.length
  for (let depth = d; depth > 0; depth--) {
    const at = row(depth) + depth + 1
    const down = k === -depth || (k !== depth && trace[at + k - 1] < trace[at + k + 1])
    const prevK = down ? k + 1 : k - 1
    const prevX = trace[at + prevK]
    const prevY = prevX - prevK
    for (; x > prevX && y > prevY; y--) steps.push(a[--x].length)
    steps.push(down ? b[prevY] : -a[prevX].length)
    x = prevX
    y = prevY
    k = prevK
  }
  for (; x > 0 && y > 0; y--) steps.push(a[--x].length)
  for (let i = steps.length - 1; i >= 0; i--) push(ops, steps[i])
}

// base64url of UTF-8 text, with the browser's binary-string functions (escape and unescape carry the UTF-8)
const fromBase64url = (text: string) => decodeURIComponent(escape(atob(text.replace(/-/g, '+').replace(/_/g, '/'))))
const toBase64url = (text: string) => btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** The next token from the one held, the diff of its payload and the new signature. */
export function patchToken(held: string, payload: Diff, signature: string): string {
  const [header, body] = held.split('.')
  return `${header}.${toBase64url(apply(fromBase64url(body), payload))}.${signature}`
}
