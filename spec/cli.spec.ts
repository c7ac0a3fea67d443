// The generator as a new user runs it from the packed tarball: `koa-reactor new` makes an app in JavaScript and
// in TypeScript, whose own tests pass, whose `dev` script serves a page that counts clicks in Chromium (and takes a
// template edit live, its count kept), and to which `koa-reactor component` adds a class, a template and a test that pass too.
import { expect } from 'chai'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { launch, waitForText } from './support/browser.js'
import { pack, sh, start } from './support/package.js'

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> }

describe('the koa-reactor command, from the packed tarball', function () {
  this.timeout(240_000)
  let work: string
  let tarball: string
  let browser: Browser

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'koa-reactor-cli-'))
    ;[tarball, browser] = await Promise.all([pack(work), launch()])
  })
  after(async () => {
    await browser?.close()
    rmSync(work, { recursive: true, force: true })
  })

  /** `npx koa-reactor …` as npm runs a package's bin from a tarball. */
  const npx = (cwd: string, args: string[]) => sh(cwd, 'npm', ['exec', '--yes', '--prefer-offline', `--package=${tarball}`, '--', 'koa-reactor', ...args])

  it('explains itself, and refuses a bad component name or a folder that is not an app, saying why', async () => {
    expect(await npx(work, ['help'])).to.contain('npx koa-reactor new <folder>')
    const refusal = await npx(work, ['component', 'Card']).catch((e: Error) => e.message)
    expect(refusal).to.contain('"Card" is not a component name').and.to.contain('such as x-card')
    expect(await npx(work, ['component', 'x-card']).catch((e: Error) => e.message)).to.contain('run this in the folder of your app')
    expect(await npx(work, ['build']).catch((e: Error) => e.message)).to.contain('unknown command "build"')
  })

  for (const [lang, flag, ext] of [['JavaScript', '--javascript', 'js'], ['TypeScript', '--typescript', 'ts']] as const) {
    describe(`a new app in ${lang}`, () => {
      let app: string

      before(async () => {
        app = join(work, `my-${ext}-app`)
        await npx(work, ['new', `my-${ext}-app`, flag, '--koa-reactor', tarball])
      })

      it('has a page, a component, a test and the npm scripts dev, test and start, and koa-reactor installed', () => {
        for (const file of [`app.${ext}`, `server.${ext}`, 'views/index.pug', `components/x-counter.${ext}`, 'views/x-counter.pug', `test/x-counter.test.${ext}`]) {
          expect(existsSync(join(app, file)), file).to.equal(true)
        }
        const pkg = readJson(join(app, 'package.json'))
        expect(Object.keys(pkg.scripts)).to.include.members(['dev', 'test', 'start'])
        expect(pkg.scripts.dev).to.match(/^node --watch /)
        expect(pkg.dependencies['koa-reactor']).to.equal(`file:${tarball}`)
        expect(existsSync(join(app, 'node_modules', 'koa-reactor', 'dist', 'index.js'))).to.equal(true)
      })

      it('passes its own test (the test client over a real WebSocket)', async () => {
        expect(await sh(app, 'npm', ['test'])).to.match(/# pass 1\n# fail 0/)
      })

      it('adds a component with `koa-reactor component`: its test passes too, and it refuses to overwrite it', async () => {
        expect(await sh(app, join(app, 'node_modules', '.bin', 'koa-reactor'), ['component', 'x-todo-item'])).to.contain(`components/x-todo-item.${ext}`)
        for (const file of [`components/x-todo-item.${ext}`, 'views/x-todo-item.pug', `test/x-todo-item.test.${ext}`]) expect(existsSync(join(app, file)), file).to.equal(true)
        expect(await sh(app, 'npm', ['test'])).to.match(/# pass 2\n# fail 0/)
        const again = await sh(app, join(app, 'node_modules', '.bin', 'koa-reactor'), ['component', 'x-todo-item']).catch((e: Error) => e.message)
        expect(again).to.contain('already exist: nothing was written')
      })

      if (ext === 'ts') it('type-checks under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes', async () => {
        await sh(app, join(app, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', '.'])
      })

      it('serves its page with `npm run dev` (node --watch): the counter and the added component count clicks in Chromium, and a template edit reaches the open page', async () => {
        const [command, ...args] = readJson(join(app, 'package.json')).scripts.dev!.split(' ')
        const server = await start(app, command!, args)
        const page = await browser.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(String(e)))
        try {
          for (const [path, tag] of [['', 'x-counter'], ['preview/x-todo-item', 'x-todo-item']]) {
            await page.goto(server.url + path)
            const clicks = `[reactor-component="${tag}"] .clicks`
            expect(await page.textContent(clicks)).to.equal('0')
            await page.click(`[reactor-component="${tag}"] button`)
            await waitForText(page, clicks, '1')
          }
          // live reload: the template edited, the open page shows it without a navigation, its count kept
          await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1))
          writeFileSync(join(app, 'views/x-todo-item.pug'), readFileSync(join(app, 'views/x-todo-item.pug'), 'utf8').replace('clicked', 'pressed'))
          await waitForText(page, '[reactor-component="x-todo-item"] p', 'x-todo-item: pressed 1 times')
          expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 'no navigation').to.equal(1)
          expect(errors).to.deep.equal([])
        } catch (error) {
          throw new Error(`${(error as Error).message}\n-- the app printed:\n${server.output()}`)
        } finally {
          await page.close()
          await server.stop()
        }
      })
    })
  }
})
