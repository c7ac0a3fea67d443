// Browser pages that click and type on /deploy while a deploy goes on, and what each ends up showing: for the
// rolling-deploy spec and bench. A click counts once Playwright made it (the page holds it in its outbox if the
// socket is down); typing goes at the end of the note field, two characters at a time.
import type { Browser, Page } from 'playwright-core'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Driven {
  page: Page
  clicks: number
  typed: string
}

export interface PageEnd {
  /** the component's id: its clicks' rows in the database carry it */
  cid: string
  clicks: number
  shown: number
  typed: string
  field: string
  version: string
  /** the mark set on `window` after the first load is still there: no full reload */
  sameWindow: boolean
}

export class DeployPages {
  private running = true
  private loops: Promise<void>[] = []

  private constructor(private readonly pages: Driven[]) {}

  static async open(browser: Browser, url: string, count: number): Promise<DeployPages> {
    const pages: Driven[] = []
    for (let i = 0; i < count; i++) {
      const page = await (await browser.newContext()).newPage()
      await page.goto(`${url}/deploy`)
      await page.waitForSelector('html.reactor-connected')
      await page.evaluate(() => ((window as unknown as { deployMark: number }).deployMark = 1))
      pages.push({ page, clicks: 0, typed: '' })
    }
    return new DeployPages(pages)
  }

  /** Each page types two characters and clicks +, then waits `pauseMs` (random, up to twice), until stop(). */
  start(pauseMs: number): void {
    this.loops = this.pages.map(async (p, i) => {
      const letters = 'abcdefghijklmnopqrstuvwxyz'
      for (let n = 0; this.running; n++) {
        const chars = letters[(i + n) % 26] + letters[(i * 7 + n) % 26]
        await p.page.focus('input.note')
        await p.page.keyboard.press('End')
        await p.page.keyboard.type(chars)
        p.typed += chars
        // then the button: the field is not focused while the page waits (a render then must keep its text itself)
        await p.page.click('button.inc', { timeout: 10_000 })
        p.clicks++
        await sleep(pauseMs * (0.5 + Math.random() * 1.5))
      }
    })
  }

  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
  }

  /** Once every page is connected, has no event unanswered and shows its clicks (or `ms` passed): what each shows. */
  async settle(ms: number): Promise<PageEnd[]> {
    return Promise.all(this.pages.map(async (p) => {
      await p.page.waitForFunction((clicks) => document.documentElement.classList.contains('reactor-connected') && !document.querySelector('[reactor-loading]') &&
        document.querySelector('.count')?.textContent === String(clicks), p.clicks, { timeout: ms }).catch(() => undefined)
      return p.page.evaluate(({ clicks, typed }) => ({
        cid: document.querySelector('[reactor-component]')!.id,
        clicks,
        shown: Number(document.querySelector('.count')?.textContent),
        typed,
        field: (document.querySelector('input.note') as HTMLInputElement).value,
        version: document.querySelector('.version')?.textContent ?? '',
        sameWindow: (window as unknown as { deployMark?: number }).deployMark === 1,
      }), { clicks: p.clicks, typed: p.typed })
    }))
  }
}
