// The browser client's own work on a render, apart from the network and the page's frame: the counter in
// Chromium (the production client), the socket's message handler timed inside the page. Two figures:
// - `realClick`: real clicks, each render handled as it arrives after the page was idle (what a user gets);
// - `backToBack`: the same kind of render (whole HTML, new token) handed to the handler 500 times in a row,
//   so the code is hot and the caches are warm: the part of `realClick` that is the work itself.
// Chromium's timer has a 0.1 ms grain here: `realClick` is a distribution of multiples of it.
//
//   node --import tsx bench/client-handler.ts [clicks=150]
import { launch } from '../spec/support/browser.js'
import { serveCounter } from './lib/serve.js'
import { round, summary } from './lib/stats.js'

const CLICKS = Number(process.argv[2] ?? 150)

const browser = await launch()
const counter = await serveCounter()
try {
  const page = await browser.newPage()
  // the page's socket, so that its message handler can be timed and called
  await page.addInitScript(() => {
    const Native = window.WebSocket
    // (a function expression assigned to a property: tsx gives a named one a helper the page does not have)
    const w = window as unknown as { WebSocket: unknown; socket: WebSocket }
    w.WebSocket = function (url: string) {
      return (w.socket = new Native(url))
    }
    ;(w.WebSocket as { prototype: unknown }).prototype = Native.prototype
  })
  await page.goto(counter.url)
  await page.waitForFunction(() => (window as unknown as { socket?: WebSocket }).socket?.readyState === 1)
  await page.evaluate(() => {
    const w = window as unknown as { socket: WebSocket; took: number[] }
    const handle = w.socket.onmessage!.bind(w.socket)
    w.took = []
    w.socket.onmessage = (e) => {
      const start = performance.now()
      handle(e)
      w.took.push(performance.now() - start)
    }
  })
  for (let i = 0; i < CLICKS + 20; i++) {
    const shown = await page.textContent('.count')
    await page.click('.inc')
    await page.waitForFunction((before) => document.querySelector('.count')!.textContent !== before, shown, { polling: 2 })
  }
  const took = (await page.evaluate(() => (window as unknown as { took: number[] }).took)).slice(20)
  const backToBack = await page.evaluate(() => {
    const { socket } = window as unknown as { socket: WebSocket }
    const root = document.querySelector('[reactor-component]')!
    const tok = root.getAttribute('state')
    const html = root.outerHTML.replace(/state="[^"]*"/, 'state=""')
    const runs: number[] = []
    for (let run = 0; run < 7; run++) {
      const start = performance.now()
      for (let i = 0; i < 500; i++) {
        const data = JSON.stringify({ id: root.id, tok, html: html.replace(/class="count">\d+</, `class="count">${i}<`) })
        socket.onmessage!(new MessageEvent('message', { data }))
      }
      runs.push((performance.now() - start) / 500)
    }
    return runs
  })
  console.log(JSON.stringify({
    clientHandler: {
      realClickMs: summary(took, 1),
      backToBackMs: { runs: backToBack.length, min: round(Math.min(...backToBack), 3), max: round(Math.max(...backToBack), 3) },
    },
  }))
} finally {
  // the browser first: the page's open socket would hold the server's close
  await browser.close()
  await counter.close()
}
