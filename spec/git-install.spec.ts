// Installable before the first npm release: `npm install <git url>` clones the repository, installs its
// development dependencies, builds it (`prepare`) and packs it, as npm does for every git dependency. Here the
// repository is this working tree as it would be pushed (its tracked and new files, committed into a temporary
// repository), installed by a `git+file://` URL into an empty app that runs the README's counter.
import { expect } from 'chai'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Browser } from 'playwright-core'
import { launch } from './support/browser.js'
import { countsClicks, gettingStartedFiles, ROOT, sh, start, writeFiles } from './support/package.js'

/** This working tree's files as a new git repository in `dir`: what a clone of it would hold once pushed. */
async function asRepository(dir: string): Promise<void> {
  const files = (await sh(ROOT, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter(Boolean)
  for (const file of files.filter((f) => existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    cpSync(join(ROOT, file), join(dir, file))
  }
  await sh(dir, 'git', ['init', '-q'])
  await sh(dir, 'git', ['add', '-A'])
  await sh(dir, 'git', ['-c', 'user.name=spec', '-c', 'user.email=spec@localhost', 'commit', '-qm', 'as pushed'])
}

describe('the package, installed from a git URL before its first release', function () {
  // npm installs the repository's development dependencies to build it: minutes where native code compiles
  this.timeout(600_000)
  let work: string
  let app: string
  let browser: Browser

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'koa-reactor-git-'))
    const repository = join(work, 'koa-reactor')
    app = join(work, 'app')
    await asRepository(repository)
    writeFiles(app, new Map([['package.json', JSON.stringify({ name: 'git-app', private: true, type: 'module' })], ...gettingStartedFiles()]))
    ;[browser] = await Promise.all([launch(), sh(app, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `git+file://${repository}`, 'koa'])])
  })
  after(async () => {
    await browser?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('is built on install (prepare): dist/ and the client are there, the sources and specs are not', () => {
    const installed = join(app, 'node_modules', 'koa-reactor')
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/testing.js', 'public/dist/reactor.js', 'public/dist/reactor.dev.js']) expect(existsSync(join(installed, file)), file).to.equal(true)
    for (const file of ['src', 'spec', 'node_modules']) expect(existsSync(join(installed, file)), file).to.equal(false)
  })

  it("runs the README's app.mjs: the page counts clicks in Chromium", async () => {
    const running = await start(app, 'node', ['app.mjs'])
    try {
      await countsClicks(browser, running.url)
    } catch (error) {
      throw new Error(`${(error as Error).message}\n-- the app printed:\n${running.output()}`)
    } finally {
      await running.stop()
    }
  })
})
