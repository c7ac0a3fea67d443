import { expect } from 'chai'
import { apply, diff, diffAt, hash } from '../src/core/diff.js'

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  return () => ((seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0) / 2 ** 32
}

const words = ['<li>', '</li>', '<span class="count">', '</span>', ' ', '  ', 'item', 'done', '42', '\n', '<pre>  a\n b</pre>', 'é', '日本', '\u00a0', '\u3000 ', '{"a":[1,2]}']

function html(rand: () => number, size: number): string {
  return Array.from({ length: size }, () => words[Math.floor(rand() * words.length)]).join('')
}

function edit(rand: () => number, text: string): string {
  let out = text
  for (let i = Math.floor(rand() * 5); i >= 0; i--) {
    const at = Math.floor(rand() * (out.length + 1))
    const cut = Math.floor(rand() * 12)
    out = out.slice(0, at) + (rand() < 0.5 ? html(rand, 2) : '') + out.slice(at + cut)
  }
  return out
}

describe('diff', () => {
  it('round-trips: apply(old, diff(old, new)) is new, for 2,000 random edits (whitespace kept)', () => {
    const rand = random(7)
    for (let i = 0; i < 2000; i++) {
      const before = html(rand, 1 + Math.floor(rand() * 60))
      const after = edit(rand, before)
      const ops = diff(before, after)
      expect(ops === null ? after : apply(before, ops)).to.equal(after)
    }
  })

  it('round-trips texts of thousands of tokens with many edits, and a bound on edits (null past it)', () => {
    const rand = random(11)
    const diffs = { 200: 0, 5: 0 }
    for (let i = 0; i < 40; i++) {
      const before = html(rand, 500 + Math.floor(rand() * 1500))
      let after = before
      for (let e = 0; e < 6; e++) after = edit(rand, after)
      for (const maxEdits of [200, 5] as const) {
        const ops = diff(before, after, maxEdits)
        if (ops) diffs[maxEdits]++
        expect(ops === null ? after : apply(before, ops)).to.equal(after)
      }
    }
    expect(diffs[200]).to.be.greaterThan(30)
    expect(diffs[5]).to.equal(0)
  })

  it('round-trips when split at any place of each text (diffAt), and finds each of two changes by its ends', () => {
    const rand = random(13)
    for (let i = 0; i < 1000; i++) {
      const before = html(rand, 1 + Math.floor(rand() * 40))
      const after = edit(rand, before)
      const ops = diffAt(before, after, Math.floor(rand() * (before.length + 1)), Math.floor(rand() * (after.length + 1)))
      expect(ops === null ? after : apply(before, ops)).to.equal(after)
    }
    const payload = (n: number) => JSON.stringify({ seq: n, st: { amount: n }, cmp: 'x-counter', exp: 1790000000 })
    const [held, next] = [payload(41), payload(42)]
    expect(diffAt(held, next, held.indexOf(',"st":'), next.indexOf(',"st":'))).to.deep.equal([8, -1, '2', 17, -1, '2'])
  })

  it('is small for a small change', () => {
    const before = `<div id="c"><span class="count">41</span>${'<b>x</b>'.repeat(50)}</div>`
    const ops = diff(before, before.replace('41', '42'))!
    expect(JSON.stringify(ops).length).to.be.lessThan(20)
  })

  it('gives up (null) when the whole text is smaller than the diff', () => {
    expect(diff('<a>one</a>', '<b>two</b>')).to.equal(null)
  })

  it('names a text by a hash that changes with it', () => {
    expect(hash('<p>a</p>')).to.equal(hash('<p>a</p>'))
    expect(hash('<p>a</p>')).not.to.equal(hash('<p>b</p>'))
  })
})
