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
  children?: number[]
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
  // the client's MutationObserver (life.ts) runs after the handler, before the page sees the change
  const observerLine = bundle.outputFiles[0].text.split('\n').findIndex((line) => line.includes('new MutationObserver('))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const name = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
    `${functionName || '(anonymous)'} ${url.includes('reactor') ? `client:${lineNumber + 1}` : url.split('/').pop() || '(native)'}`
  // the client's own work on a render: what runs under the socket's message handler (and what its
  // MutationObserver does after it), self and inclusive time per function
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let handled = 0
  profile.samples.forEach((id, i) => {
    const stack: ProfileNode[] = []
    for (let at: number | undefined = id; at != null; at = parent.get(at)) stack.push(byId.get(at)!)
    const client = (n: ProfileNode) => n.callFrame.url.includes('reactor')
    if (!stack.some((n) => client(n) && (n.callFrame.functionName == 'ws.onmessage' || n.callFrame.lineNumber == observerLine))) return
    const us = profile.timeDeltas[i + 1] ?? 0
    handled += us
    const leaf = name(stack[0])
    self.set(leaf, (self.get(leaf) ?? 0) + us)
    for (const key of new Set(stack.map(name))) inclusive.set(key, (inclusive.get(key) ?? 0) + us)
  })
  const top = (m: Map<string, number>) =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, us]) => [k, round(us / CLICKS, 1)]))
  console.log(JSON.stringify({
    clientProfile: { clicks: CLICKS, clientMicrosPerClick: round(handled / CLICKS, 1), selfMicrosPerClick: top(self), inclusiveMicrosPerClick: top(inclusive) },
  }, null, 2))
} finally {
  await counter.close()
  await browser.close()
}
