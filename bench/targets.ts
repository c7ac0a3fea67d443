// The targets of issue 12, each read from the benchmarks' JSON (bench/out/results.json): what is measured,
// the target, and whether lower is better. The chart and the README's table come from these.

export interface Target {
  name: string
  unit: string
  target: number
  /** the measured value, or undefined when that benchmark did not run */
  read(results: any): number | undefined
}

const at = (path: string) => (results: any): number | undefined => path.split('.').reduce((v, key) => v?.[key], results)

export const TARGETS: Target[] = [
  { name: 'counter message→DOM p50', unit: 'ms', target: 0.3, read: at('browser.counter.messageToDomMs.p50') },
  { name: 'counter click→DOM p50 / floor ("at the floor": ≤ 1.5× here)', unit: '×', target: 1.5, read: at('browser.ratioToFloor.clickToDomP50') },
  { name: 'counter bytes down per click', unit: 'B', target: 120, read: at('browser.counter.bytesDown') },
  { name: 'TodoMVC add at 20: bytes up', unit: 'B', target: 300, read: at('browser.todomvc.addAt20.bytesUp') },
  { name: 'TodoMVC add at 20: bytes down', unit: 'B', target: 800, read: at('browser.todomvc.addAt20.bytesDown') },
  { name: 'TodoMVC add at 200: bytes down', unit: 'B', target: 800, read: at('browser.todomvc.addAt200.bytesDown') },
  { name: 'server CPU per event / floor (median)', unit: '×', target: 2, read: at('serverCpu.ratio.median') },
  { name: 'heap per idle socket at 1,000', unit: 'B', target: 4096, read: (r) => r.sockets?.steps?.[0]?.heapBytesPerSocket },
  { name: 'heap per idle socket at 10,000', unit: 'B', target: 4096, read: (r) => r.sockets?.steps?.at(-1)?.heapBytesPerSocket },
  { name: 'first feedback at 150 ms RTT, p50', unit: 'ms', target: 16, read: at('latency.rtt150ms.firstFeedbackMs.p50') },
  { name: 'final update − RTT at 150 ms, p50', unit: 'ms', target: 2, read: at('latency.rtt150ms.finalOverRoundTripP50Ms') },
  { name: 'fan-out to 1,000 on 3 nodes, p50', unit: 'ms', target: 50, read: at('allPatchedMs.p50') },
]
