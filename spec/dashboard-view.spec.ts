// What the dashboard shows of several nodes' snapshots: the cluster's figures added up (its percentiles from the
// nodes' histograms together), and a snapshot another node wrote wrongly shown as zeros, not as an error page.
import { expect } from 'chai'
import { boundOf, bucketOf, percentile, sparse } from '../src/features/dashboard/histogram.js'
import { NodeStats, type NodeSnapshot } from '../src/features/dashboard/stats.js'
import { ms, viewOf } from '../src/features/dashboard/view.js'

function snapshotOf(node: string, times: number[], errors: Record<string, number> = {}): NodeSnapshot {
  const stats = new NodeStats()
  for (const t of times) stats.record('x-counter.inc', t)
  for (const [code, n] of Object.entries(errors)) for (let i = 0; i < n; i++) stats.failed(code)
  return stats.snapshot(node)
}

describe('the dashboard\'s figures', () => {
  it('reads a percentile within one bucket (19 %) of the true one, from 10 µs to a minute', () => {
    for (const t of [0.02, 0.5, 3, 47, 980, 61_000]) {
      const bound = boundOf(bucketOf(t))
      expect(bound, `${t} ms`).to.be.at.least(t)
      expect(bound / t, `${t} ms`).to.be.below(1.2)
    }
  })

  it('adds the nodes up: sockets, events, errors by code, and the cluster\'s p50/p99 from both histograms', () => {
    const fast = snapshotOf('a', new Array(99).fill(1), { 'handler-failed': 2 })
    const slow = snapshotOf('b', [100], { 'handler-failed': 1, 'rate-limited': 4 })
    const view = viewOf([fast, slow])
    expect(view.nodes.map((n) => n.node)).to.deep.equal(['a', 'b'])
    expect(view.cluster.events).to.equal(100)
    expect(ms(view.cluster.p50), 'the upper bound of 1 ms\'s bucket').to.equal('1.1 ms')
    expect(view.cluster.p99, 'the 99th of 100 events is a fast one').to.be.below(1.2)
    expect(view.nodes[1].p50).to.be.within(100, 120)
    expect(view.errors).to.deep.equal([{ code: 'rate-limited', count: 4 }, { code: 'handler-failed', count: 3 }])
    expect(view.slowest).to.deep.equal([{ name: 'x-counter.inc', count: 100, meanMs: 1.99, maxMs: 100 }])
  })

  it('shows a snapshot with wrong fields (another node, through Redis) as zeros', () => {
    const broken = { node: 'odd', at: Date.now(), sockets: 'many', events: -3, times: [[999, 5], ['x', 1], [2, 1e9]], errors: { x: 'y' }, slowest: [{ nope: 1 }] } as unknown as NodeSnapshot
    const view = viewOf([snapshotOf('a', [2]), broken])
    expect(view.nodes[1]).to.include({ node: 'odd', sockets: 0, events: 0, errors: 0 })
    expect(view.cluster.events).to.equal(1)
    expect(sparse(new Uint32Array(3))).to.deep.equal([])
    expect(percentile([], 0.5)).to.equal(undefined)
  })
})
