// Times one user action in a real page, from inside it: the input event's own timestamp, the first frame
// the page sends after it, the frames it receives, the first visible feedback (an attribute appearing) and
// the DOM change that ends the action. Frames and their bytes come from CDP, as Chromium saw them.
/// <reference lib="dom" />
import type { CDPSession, Page } from 'playwright-core'

/** Installed before any script of the page: wraps WebSocket to timestamp what it sends and receives. */
function instrument(): void {
  const bench = ((window as any).__bench = { input: 0, sends: [] as number[], messages: [] as number[], feedback: 0, done: 0, armed: false })
  for (const type of ['click', 'keydown', 'change']) {
    addEventListener(type, (e) => bench.armed && !bench.input && (bench.input = e.timeStamp), true)
  }
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (this: WebSocket, data) {
    if (bench.armed) bench.sends.push(performance.now())
    return send.call(this, data)
  }
  const Native = WebSocket
  ;(window as any).WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // registered before the page's own `onmessage`, so it runs first
      this.addEventListener('message', () => bench.armed && bench.messages.push(performance.now()))
    }
  }
}

export interface Timing {
  /** input event -> the DOM change that ends the action */
  total: number
  clickToSend: number
  sendToMessage: number
  messageToDom: number
  /** input -> the first visible feedback (when a feedback selector was given) */
  feedback?: number
  framesUp: number
  framesDown: number
  bytesUp: number
  bytesDown: number
  up: string[]
  down: string[]
}

export class Probe {
  private up: string[] = []
  private down: string[] = []

  private constructor(readonly page: Page, cdp: CDPSession) {
    cdp.on('Network.webSocketFrameSent', (e) => this.up.push(e.response.payloadData))
    cdp.on('Network.webSocketFrameReceived', (e) => this.down.push(e.response.payloadData))
  }

  static async open(page: Page, url: string): Promise<Probe> {
    await page.addInitScript(instrument)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    const probe = new Probe(page, cdp)
    await page.goto(url)
    return probe
  }

  /**
   * Runs `act` (a real click or key press) and times it until `done` (evaluated in the page after each DOM
   * mutation) holds; `feedback`, a selector, names the first visible feedback. Frames are counted until
   * `quietMs` passed without one after the DOM change.
   */
  async time(act: () => Promise<void>, done: string, feedback?: string, quietMs = 40): Promise<Timing> {
    await this.page.evaluate(arm, { done, feedback })
    this.up = []
    this.down = []
    await act()
    await this.page.waitForFunction(() => (window as any).__bench.done > 0, undefined, { timeout: 10_000, polling: 5 })
    let count = -1
    while (count !== this.up.length + this.down.length) {
      count = this.up.length + this.down.length
      await new Promise((resolve) => setTimeout(resolve, quietMs))
    }
    const b = await this.page.evaluate(() => {
      const bench = (window as any).__bench
      bench.armed = false
      return { input: bench.input, sends: bench.sends, messages: bench.messages, feedback: bench.feedback, done: bench.done }
    })
    const send = b.sends[0] ?? b.input
    const message = [...b.messages].reverse().find((t: number) => t <= b.done) ?? b.done
    const bytes = (frames: string[]) => frames.reduce((sum, f) => sum + Buffer.byteLength(f), 0)
    return {
      total: b.done - b.input,
      clickToSend: send - b.input,
      sendToMessage: message - send,
      messageToDom: b.done - message,
      ...(feedback ? { feedback: b.feedback - b.input } : {}),
      framesUp: this.up.length,
      framesDown: this.down.length,
      bytesUp: bytes(this.up),
      bytesDown: bytes(this.down),
      up: this.up,
      down: this.down,
    }
  }
}

/** In the page: the next action is timed; a MutationObserver notes the feedback and the end. */
function arm({ done, feedback }: { done: string; feedback?: string }): void {
  const bench = (window as any).__bench
  Object.assign(bench, { input: 0, sends: [], messages: [], feedback: 0, done: 0, armed: true })
  const isDone = new Function(`return (${done})`) as () => boolean
  const observer = new MutationObserver(() => {
    const now = performance.now()
    if (feedback && !bench.feedback && document.querySelector(feedback)) bench.feedback = now
    if (bench.input && isDone()) {
      bench.done = now
      observer.disconnect()
    }
  })
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
}
