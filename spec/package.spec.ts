// The package as a new user installs it: the tarball `npm pack` makes, installed into a fresh app with its
// dependencies from the npm registry, once with Koa 3 and once with Koa 2. The app is the README's getting-started
// code, read from the README, so the guide cannot drift from what works.
import { expect } from 'chai'
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { launch, waitForText } from './support/browser.js'
import { BIN, ROOT, copyExample, countsClicks, gettingStartedFiles, importsOf, isNative, pack, rangeOf, sh, start, writeFiles, type AppProcess } from './support/package.js'

const readme = gettingStartedFiles()
const examplePackages = [...importsOf(join(ROOT, 'example'))].filter((name) => !['koa', 'koa-reactor'].includes(name))

/** A test of the README's app with koa-reactor/testing, as its user would write one (happy-dom installed). */
const TESTING = `import { open } from 'koa-reactor/testing'
const page = await open(process.argv[2] ?? '', '/')
const before: string | undefined = page.text('.count')
await page.fire('button')
console.log(JSON.stringify([before, page.text('.count')]))
page.close()
`
const TESTING_TSCONFIG = JSON.stringify({ extends: './tsconfig.json', include: ['counter.test.ts'] })

/** Redis is an optional peer: the Koa 3 app installs ioredis (the newest its range allows), the Koa 2 app does not. */
const WITH_IOREDIS = 3

/** A fresh app folder in `work` with the README's files and the example, and the tarball installed with Koa `koa`. */
async function prepare(work: string, tarball: string, koa: number): Promise<string> {
  const app = join(work, `koa${koa}-app`)
  const own = [['package.json', JSON.stringify({ name: `koa${koa}-app`, private: true, type: 'module' })], ['counter.test.ts', TESTING], ['tsconfig.test.json', TESTING_TSCONFIG]] as const
  writeFiles(app, new Map([...readme, ...own]))
  copyExample(app)
  const fromRegistry = examplePackages.filter((name) => !isNative(name)).map((name) => `${name}@${rangeOf(name)}`)
  await sh(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error',
    tarball, `koa@${koa}`, `@types/koa@${koa}`, '@types/node@20', `happy-dom@${rangeOf('happy-dom')}`, ...fromRegistry,
    ...(koa === WITH_IOREDIS ? [`ioredis@${rangeOf('ioredis')}`] : [])])
  for (const name of examplePackages.filter(isNative)) symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name))
  return app
}

/** Runs `app` until `use` is done, then stops it. */
async function running(app: Promise<AppProcess>, use: (app: AppProcess) => Promise<void>): Promise<void> {
  const started = await app
  try {
    await use(started)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n-- the app printed:\n${started.output()}`)
  } finally {
    await started.stop()
  }
}

describe('the package, installed from its tarball into a new app', function () {
  this.timeout(180_000)
  let work: string
  let tarball: string
  let browser: Browser
  const KOAS = [3, 2]
  const apps = new Map<number, string>()

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'koa-reactor-package-'))
    ;[tarball, browser] = await Promise.all([pack(work), launch()])
    await Promise.all(KOAS.map(async (koa) => apps.set(koa, await prepare(work, tarball, koa))))
  })
  after(async () => {
    await browser?.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('ships the built client, dist/ with declarations and source maps, the docs and LICENSE; no specs, benchmarks, examples or Makefile', async () => {
    const listed = (await sh(work, 'tar', ['-tzf', tarball])).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''))
    for (const file of ['public/dist/reactor.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/testing.js', 'dist/testing.d.ts', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      expect(listed, file).to.include(file)
    }
    expect(listed.filter((f) => /^(spec|bench|example|src|public\/[^d]|docs|scripts)\/|^Makefile$/.test(f))).to.deep.equal([])
    // the declarations describe what the library needs in its own types: an app never type-checks ioredis's
    const declarations = (await sh(work, 'tar', ['-xzOf', tarball, ...listed.filter((f) => f.endsWith('.d.ts')).map((f) => `package/${f}`)]))
    expect(declarations).not.to.match(/from 'ioredis'|import\('ioredis'\)/)
  })

  it('reads an app, its views and a strict tsconfig from the README', () => {
    expect([...readme.keys()].sort()).to.deep.equal(['app.cjs', 'app.mjs', 'app.ts', 'tsconfig.json', 'views/counter.pug', 'views/x-counter.pug'])
    const tsconfig = readme.get('tsconfig.json')!
    for (const flag of ['"strict": true', '"noUncheckedIndexedAccess": true', '"exactOptionalPropertyTypes": true']) expect(tsconfig).to.contain(flag)
    expect(tsconfig).not.to.contain('skipLibCheck')
  })

  for (const koa of KOAS) {
    describe(`a Koa ${koa} app`, () => {
      let app: string

      before(() => {
        app = apps.get(koa)!
      })

      it(`has one Koa, version ${koa}: the app's own`, async () => {
        const paths = (await sh(app, 'npm', ['ls', 'koa', '--all', '--parseable'])).split('\n').filter(Boolean)
        expect(paths).to.deep.equal([join(app, 'node_modules', 'koa')])
        expect((await sh(app, 'node', ['-p', "require('koa/package.json').version"])).trim()).to.match(new RegExp(`^${koa}\\.`))
      })

      const clickCounter = (url: string) => countsClicks(browser, url)

      it('runs app.mjs with node: the page counts clicks in Chromium', async () => {
        await running(start(app, 'node', ['app.mjs']), async ({ url }) => clickCounter(url))
      })

      it('runs app.cjs (require) with node: the page counts clicks in Chromium', async () => {
        await running(start(app, 'node', ['app.cjs']), async ({ url }) => clickCounter(url))
      })

      it('type-checks app.ts with tsc under strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, without skipLibCheck', async () => {
        await sh(app, join(BIN, 'tsc'), ['--noEmit', '-p', '.'])
      })

      it('compiles app.ts with tsc and runs it with node: the page counts clicks', async () => {
        await sh(app, join(BIN, 'tsc'), ['-p', '.'])
        await running(start(app, 'node', ['build/app.js']), async ({ url }) => clickCounter(url))
      })

      it('runs app.ts with tsx', async () => {
        await running(start(app, join(BIN, 'tsx'), ['app.ts']), async ({ url }) => clickCounter(url))
      })

      it('tests the app with koa-reactor/testing: type-checked strictly, run with tsx', async () => {
        await sh(app, join(BIN, 'tsc'), ['--noEmit', '-p', 'tsconfig.test.json'])
        await running(start(app, 'node', ['app.mjs']), async ({ url }) => {
          expect(JSON.parse(await sh(app, join(BIN, 'tsx'), ['counter.test.ts', url.slice(0, -1)]))).to.deep.equal(['0', '1'])
        })
      })

      it(koa === WITH_IOREDIS ? 'loads ioredis only when Redis is configured' : 'runs without ioredis, and says to install it when Redis is configured', async () => {
        const probe = (options: string) =>
          `import { createRequire } from 'node:module'; import { Reactor } from 'koa-reactor'; ` +
          `const r = new Reactor({ secret: 'x'.repeat(32), logger: { warn() {}, error() {} }, ${options} }); ` +
          `const loaded = Object.keys(createRequire(import.meta.url).cache); await r.close(); ` +
          `console.log(['ioredis', 'pug'].filter((p) => loaded.some((f) => f.includes('/node_modules/' + p + '/'))).join(' '))`
        const withRedis = ['node', ['--input-type=module', '-e', probe("redis: 'redis://127.0.0.1:9'")]] as const
        expect((await sh(app, 'node', ['--input-type=module', '-e', probe('')])).trim()).to.equal('pug')
        if (koa === WITH_IOREDIS) expect((await sh(app, withRedis[0], [...withRedis[1]])).trim()).to.equal('ioredis pug')
        else {
          const refused = await sh(app, withRedis[0], [...withRedis[1]]).then(() => 'started', (e: Error) => e.message)
          expect(refused).to.contain('Redis is configured (the redis option or REDIS_URL) but ioredis is not installed; run `npm install ioredis`')
        }
      })

      it("keeps the development secret out of the app's folder", () => {
        expect(existsSync(join(app, 'node_modules', '.cache', 'koa-reactor', 'dev-secret'))).to.equal(true)
        expect(readdirSync(app).sort()).to.deep.equal(['app.cjs', 'app.mjs', 'app.ts', 'build', 'counter.test.ts', 'example', 'node_modules', 'package-lock.json', 'package.json', 'tsconfig.json', 'tsconfig.test.json', 'views'])
      })

      it('runs the example app from the installed package (it imports koa-reactor by name): every page it links loads in Chromium, a chat image uploads', async () => {
        const database = join(app, 'todo.sqlite')
        await running(start(app, join(BIN, 'tsx'), ['example/server.ts'], { TODO_DB: database }), async ({ url }) => {
          const page = await browser.newPage()
          const errors: string[] = []
          page.on('pageerror', (e) => errors.push(String(e)))
          try {
            await page.goto(url)
            const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith(location.origin)))
            expect(links.map((l) => new URL(l).pathname)).to.include.members(['/counter', '/todo'])
            for (const link of links) expect((await page.goto(link))?.status(), link).to.equal(200)
            await page.goto(`${url}counter`)
            const before = Number(await page.textContent('.count'))
            await page.click('.inc')
            await waitForText(page, '.count', String(before + 1))
            // an image attached in the chat goes over HTTP (one node) and shows in the log
            const puts: string[] = []
            page.on('request', (r) => r.method() === 'PUT' && puts.push(new URL(r.url()).pathname))
            await page.goto(`${url}chat/general?name=ada`)
            await page.waitForSelector('.people .name')
            await page.setInputFiles('.compose .image', { name: 'dot.png', mimeType: 'image/png', buffer: Buffer.alloc(100_000, 9) })
            await page.waitForSelector('.log img.attachment[alt="dot.png"]')
            expect(puts).to.have.length(1)
            expect(puts[0]).to.match(/^\/__reactor__\/upload\//)
            expect(errors).to.deep.equal([])
          } finally {
            await page.close()
          }
        })
        rmSync(database, { force: true })
      })
    })
  }
})
