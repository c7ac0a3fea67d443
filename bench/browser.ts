// Real clicks in headless Chromium, timed from inside the page (bench/lib/probe.ts): koa-reactor's counter
// and a no-framework WebSocket counter (the floor), alternated click by click in the same run; then TodoMVC:
// add a todo at 20 and at 200 items, toggle one of 200. Prints JSON.
//
//   node --import tsx bench/browser.ts [clicks=60]
import type { Browser, Page } from 'playwright-core'
import { launch } from '../spec/support/browser.js'
import { Probe, type Timing } from './lib/probe.js'
import { serveCounter, serveTodo } from './lib/serve.js'
import { median, round, summary } from './lib/stats.js'
import { startWsCounter } from './lib/ws-counter.js'

const CLICKS = Number(process.argv[2] ?? 60)
const WARM_UP = 10
const TODO_ACTIONS = Math.max(10, Math.round(CLICKS / 3))

/** What a set of timed actions shows: latencies as percentiles, bytes and frames as medians. */
export function report(timings: Timing[]) {
  const of = (pick: (t: Timing) => number) => timings.map(pick)
  return {
    clickToDomMs: summary(of((t) => t.total)),
    clickToSendMs: summary(of((t) => t.clickToSend)),
    sendToMessageMs: summary(of((t) => t.sendToMessage)),
    messageToDomMs: summary(of((t) => t.messageToDom)),
    bytesUp: median(of((t) => t.bytesUp)),
    bytesDown: median(of((t) => t.bytesDown)),
    framesUp: median(of((t) => t.framesUp)),
    framesDown: median(of((t) => t.framesDown)),
    example: { up: timings.at(-1)!.up, down: timings.at(-1)!.down },
  }
}

async function pageOf(browser: Browser, url: string): Promise<Probe> {
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  const probe = await Probe.open(page, url)
  await page.waitForFunction(() => performance.now() > 300) // the socket opened and joined
  return probe
}

/** A real mouse click at the centre of `selector`. */
async function clicker(page: Page, selector: string): Promise<() => Promise<void>> {
  await page.locator(selector).scrollIntoViewIfNeeded()
  // found again before each click (a counter's button moves as the count gains digits); the time a
  // click takes is counted from its own event, not from here
  return async () => {
    const box = (await page.locator(selector).boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  }
}

async function counters(browser: Browser) {
  const reactor = await serveCounter()
  const floor = await startWsCounter()
  try {
    const sides = {
      reactor: { probe: await pageOf(browser, reactor.url), selector: '[reactor-component] .count', timings: [] as Timing[] },
      floor: { probe: await pageOf(browser, floor.url), selector: '#floor .count', timings: [] as Timing[] },
    }
    for (const side of Object.values(sides)) (side as { click?: () => Promise<void> }).click = await clicker(side.probe.page, side.selector.replace('.count', '.inc'))
    log("pages open")
    for (let i = 1; i <= WARM_UP + CLICKS; i++) {
      log("click", i)
      for (const side of Object.values(sides) as (typeof sides.reactor & { click: () => Promise<void> })[]) {
        const t = await side.probe.time(side.click, `document.querySelector(${JSON.stringify(side.selector)}).textContent === '${i}'`)
        if (i > WARM_UP) side.timings.push(t)
      }
    }
    log('closing pages')
    for (const side of Object.values(sides)) await side.probe.page.context().close()
    log('closed pages')
    const r = report(sides.reactor.timings)
    const f = report(sides.floor.timings)
    return {
      counter: r,
      floor: f,
      ratioToFloor: { clickToDomP50: round(r.clickToDomMs.p50 / f.clickToDomMs.p50), messageToDomP50: round(r.messageToDomMs.p50 / f.messageToDomMs.p50) },
    }
  } finally {
    log('closing servers')
    await reactor.close()
    log('closed reactor')
    await floor.close()
    log('closed floor')
  }
}

const count = (selector: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length`
const left = () => `document.querySelector('.todo-count strong')?.textContent`

/** Adds todos at `size` items: each add is timed, then the todo is removed again (not timed). */
async function adds(probe: Probe, size: number): Promise<Timing[]> {
  const { page } = probe
  const timings: Timing[] = []
  for (let i = 0; i < WARM_UP / 2 + TODO_ACTIONS; i++) {
    const before = (await page.evaluate(count('.todo-list li'))) as number
    const leftBefore = Number(await page.evaluate(left()))
    await page.fill('.new-todo', `todo number ${i}`)
    const t = await probe.time(() => page.keyboard.press('Enter'),
      `${count('.todo-list li')} === ${before + 1} && ${left()} === '${leftBefore + 1}'`)
    log('add', size, i, round(t.total))
    if (i >= WARM_UP / 2) timings.push(t)
    await probe.time(async () => page.evaluate(() => (document.querySelector('.todo-list li:last-child .destroy') as HTMLElement).click()),
      `${count('.todo-list li')} === ${before}`)
  }
  if ((await page.evaluate(count('.todo-list li'))) !== size) throw new Error(`expected ${size} todos`)
  return timings
}

async function toggles(probe: Probe): Promise<Timing[]> {
  const { page } = probe
  const timings: Timing[] = []
  const item = '.todo-list li:nth-child(100)'
  const click = await clicker(page, `${item} .toggle`)
  for (let i = 0; i < WARM_UP / 2 + TODO_ACTIONS; i++) {
    const completed = await page.evaluate((s) => document.querySelector(s)!.classList.contains('completed'), item)
    const leftBefore = Number(await page.evaluate(left()))
    const t = await probe.time(click,
      `document.querySelector('${item}').classList.contains('completed') === ${!completed} && ${left()} === '${leftBefore + (completed ? 1 : -1)}'`)
    log('toggle', i, round(t.total))
    if (i >= WARM_UP / 2) timings.push(t)
  }
  return timings
}

async function todomvc(browser: Browser) {
  const todo = await serveTodo()
  try {
    const seed = async (n: number) => { for (let i = 0; i < n; i++) await todo.todos.add(`seeded todo ${i}`) }
    await seed(20)
    let probe = await pageOf(browser, todo.url)
    const at20 = report(await adds(probe, 20))
    await probe.page.context().close()
    await seed(180)
    probe = await pageOf(browser, todo.url)
    const at200 = report(await adds(probe, 200))
    const toggle200 = report(await toggles(probe))
    await probe.page.context().close()
    return { addAt20: at20, addAt200: at200, toggleOf200: toggle200 }
  } finally {
    await todo.close()
  }
}

const browser = await launch()
const log = (...a: unknown[]) => process.env.BENCH_DEBUG && console.error(...a)
try {
  const result = { clicks: CLICKS, warmUp: WARM_UP, todoActions: TODO_ACTIONS, ...(await counters(browser)), todomvc: await todomvc(browser) }
  console.log(JSON.stringify({ browser: result }, null, 2))
} finally {
  await browser.close()
}
