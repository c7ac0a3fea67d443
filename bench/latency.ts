// The counter's clicks over a network's latency: the page goes through a TCP proxy that delays every chunk
// (bench/lib/delay-proxy.ts) by half a round trip each way, at 50 and 150 ms. For each click: the time to
// the first visible feedback (the `reactor-loading` mark) and to the final update; the no-framework
// counter through the same proxy is the floor of the final update. Prints JSON.
//
//   node --import tsx bench/latency.ts [clicks=20]
import type { Browser } from 'playwright-core'
import { launch } from '../spec/support/browser.js'
import { DelayProxy } from './lib/delay-proxy.js'
import { Probe, type Timing } from './lib/probe.js'
import { serveCounter } from './lib/serve.js'
import { round, summary } from './lib/stats.js'
import { startWsCounter } from './lib/ws-counter.js'

const CLICKS = Number(process.argv[2] ?? 20)
const WARM_UP = 3
const ROUND_TRIPS = [50, 150]

async function through(browser: Browser, url: string, roundTrip: number, count: string, feedback?: string): Promise<Timing[]> {
  const target = new URL(url)
  const proxy = await DelayProxy.start(target.origin, roundTrip)
  const context = await browser.newContext({ bypassCSP: true })
  try {
    const page = await context.newPage()
    const probe = await Probe.open(page, proxy.url + target.pathname)
    await page.waitForFunction(() => performance.now() > 4 * 150 + 300) // loaded and joined through the delay
    const button = page.locator(count.replace('.count', '.inc'))
    const click = async () => {
      const box = (await button.boundingBox())!
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    }
    const timings: Timing[] = []
    for (let i = 1; i <= WARM_UP + CLICKS; i++) {
      const t = await probe.time(click,
        `document.querySelector(${JSON.stringify(count)}).textContent === '${i}'`, feedback, 20)
      if (i > WARM_UP) timings.push(t)
    }
    return timings
  } finally {
    await context.close()
    await proxy.close()
  }
}

const browser = await launch()
const reactor = await serveCounter()
const floor = await startWsCounter()
try {
  const result: Record<string, unknown> = {}
  for (const roundTrip of ROUND_TRIPS) {
    const ours = await through(browser, reactor.url, roundTrip, '[reactor-component] .count', '[reactor-loading]')
    const bare = await through(browser, floor.url, roundTrip, '#floor .count')
    const final = summary(ours.map((t) => t.total))
    result[`rtt${roundTrip}ms`] = {
      firstFeedbackMs: summary(ours.map((t) => t.feedback!)),
      finalUpdateMs: final,
      floorFinalUpdateMs: summary(bare.map((t) => t.total)),
      finalOverRoundTripP50Ms: round(final.p50 - roundTrip),
    }
  }
  console.log(JSON.stringify({ latency: { clicks: CLICKS, ...result } }, null, 2))
} finally {
  await reactor.close()
  await floor.close()
  await browser.close()
}
