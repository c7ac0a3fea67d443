// The test client (koa-reactor/testing) as an app's tests use it: a form's submit sends its fields as a
// browser does, a handler's visit, redirect and flash can be asserted, and without happy-dom it says what to install.
import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { open, type LivePage } from '../src/testing.js'
import { clientPages } from './fixtures/client-components.js'
import { XTestingForm } from './fixtures/testing-components.js'
import { ROOT, sh } from './support/package.js'
import { startExample, type Running } from './support/server.js'

describe('the test client', () => {
  let node: Running
  let page: LivePage
  before(async () => {
    node = await startExample({ components: [XTestingForm] }, { routes: [clientPages] })
  })
  after(() => node.close())
  beforeEach(async () => {
    page = await open(node.url, '/c/x-testing-form')
  })
  afterEach(() => page.close())

  it("sends a form's fields with its submit, as a browser does", async () => {
    page.fill('[name=email]', 'ada@example.org')
    page.fill('[name=agree]', true)
    await page.fire('form', 'submit')
    expect(page.text('.got')).to.equal('ada@example.org true')
    // the render replaced the form, as the browser's does with fields it renders empty
    expect((page.$('[name=email]') as HTMLInputElement).value).to.equal('')
    page.fill('[name=email]', 'grace@example.org')
    await page.fire('form', 'submit')
    expect(page.text('.got')).to.equal('grace@example.org false')
  })

  it('records the flash messages a handler shows, and puts them in the page', async () => {
    page.fill('[name=email]', 'grace@example.org')
    await page.fire('form', 'submit')
    expect(page.flashes).to.deep.equal([{ level: 'success', text: 'Saved grace@example.org', shown: 'now' }])
    expect(page.text('[reactor-flash] .flash-success')).to.contain('Saved grace@example.org')
  })

  it("records a handler's visit with the messages it carries, and its redirect", async () => {
    await page.fire('.go')
    await page.next((m) => m.t === 'visit')
    expect(page.visited).to.deep.equal(['/c/x-testing-form?from=go'])
    expect(page.flashes).to.deep.equal([{ level: 'info', text: 'See you there', shown: 'next' }])
    await page.fire('.leave')
    await page.next((m) => m.t === 'visit')
    expect(page.redirected).to.deep.equal(['/login'])
  })

  it('throws, naming the selector, when page.text finds nothing', () => {
    expect(() => page.text('.nowhere')).to.throw('page.text: no element matches .nowhere')
  })

  it('says what to install when happy-dom is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koa-reactor-no-happy-dom-'))
    try {
      // happy-dom resolves as it does where it is not installed
      writeFileSync(join(dir, 'hooks.mjs'), `export async function resolve(specifier, context, next) {
  if (specifier !== 'happy-dom') return next(specifier, context)
  throw Object.assign(new Error("Cannot find package 'happy-dom' imported from " + context.parentURL), { code: 'ERR_MODULE_NOT_FOUND' })
}\n`)
      writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`)
      const test = `import { open } from 'koa-reactor/testing'\ntry { await open(${JSON.stringify(node.url)}, '/c/x-testing-form') } catch (e) { console.log(e.message) }`
      const out = await sh(ROOT, 'node', ['--import', 'tsx', '--conditions=koa-reactor-source', '--import', join(dir, 'register.mjs'), '--input-type=module', '-e', test])
      expect(out.trim()).to.equal('koa-reactor/testing needs happy-dom (the DOM its pages live in): npm install --save-dev happy-dom')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
