// Where the browser's time goes between a render arriving and the DOM showing it: counter clicks with
// Chromium's sampling profiler on, the client served unminified (the same sources, bundled by esbuild
// without --minify) so that functions keep their names. Prints the self time per function, per click.
//
//   node --import tsx bench/client-profile.ts [clicks=300]
import { build } from 'esbuild'
import { launch } from '../spec/support/browser.js'
import { serveCounter } from './lib/serve.js'
import { round } from './lib/stats.js'

const CLICKS = Number(process.argv[2] ?? 300)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

const bundle = await build({ entryPoints: ['public/client.ts'], bundle: true, format: 'iife', target: 'es2022', write: false, define: { __DEV__: 'false' } })
const browser = await launch()
const counter = await serveCounter()
try {
  const page = await browser.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  page.on('console', (m) => console.error('console:', m.text()))
  await page.route(/reactor(\.dev)?\.[\w-]+\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text }))
  await page.goto(counter.url)
  await page.waitForFunction(() => performance.now() > 500)
  const click = async (i: number) => {
    // the button moves as the count gains digits
    const box = (await page.locator('.inc').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForFunction((n) => document.querySelector('.count')!.textContent === String(n), i, { polling: 5, timeout: 5000 }).catch(async (e) => {
      throw new Error(`click ${i}: the count shows ${await page.locator('.count').textContent()} (${e})`)
    })
  }
  for (let i = 1; i <= 20; i++) await click(i)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 })
  await cdp.send('Profiler.start')
  for (let i = 21; i <= 20 + CLICKS; i++) await click(i)
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const where = url.includes('reactor') ? `client:${lineNumber}` : url.split('/').pop() || '(native)'
    const key = `${functionName || '(anonymous)'} ${where}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const skip = /^\((idle|program|garbage collector)\)/
  const rows = [...self].filter(([k]) => !skip.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25)
  console.log(JSON.stringify({
    clientProfile: {
      clicks: CLICKS,
      selfMicrosPerClick: Object.fromEntries(rows.map(([k, us]) => [k, round(us / CLICKS, 1)])),
      garbageCollectorMicrosPerClick: round((self.get('(garbage collector) (native)') ?? 0) / CLICKS, 1),
    },
  }, null, 2))
} finally {
  await counter.close()
  await browser.close()
}
