// The development loop the README describes: the getting-started app under `node --watch` restarts when a file
// changes, and the page that was open goes on with the state it had (its socket reconnects and rejoins with the
// tokens it holds, signed with the development secret the new process reads again).
import { expect } from 'chai'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitForText } from '../support/browser.js'
import { freePort } from '../support/free-port.js'
import { useChromium } from '../support/chromium.js'
import { gettingStartedFiles, start, writeFiles } from '../support/package.js'
import { linkPackages } from '../support/readme-blocks.js'
import { until } from '../support/until.js'

describe('browser: the development loop', function () {
  this.timeout(60_000)
  const chromium = useChromium()
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'koa-reactor-dev-loop-'))
    const files = gettingStartedFiles()
    writeFiles(dir, new Map([...files].filter(([name]) => name === 'app.mjs' || name.startsWith('views/'))))
    linkPackages(dir)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('node --watch app.mjs: a change restarts the app, and the open page keeps its state', async () => {
    const app = await start(dir, 'node', ['--watch', 'app.mjs'], { PORT: String(await freePort()) })
    try {
      chromium.allow(/ERR_CONNECTION_REFUSED/) // while the app restarts
      const page = await chromium.open(app.url)
      await page.waitForSelector('html.reactor-connected')
      await page.click('button')
      await page.click('button')
      await waitForText(page, '.count', '2')
      appendFileSync(join(dir, 'app.mjs'), '\n// changed\n')
      await until(() => app.output().split('Open http').length > 2, 'the app to restart')
      await page.click('button')
      await waitForText(page, '.count', '3')
      expect(await page.textContent('.count')).to.equal('3')
    } finally {
      await app.stop()
    }
  })
})
