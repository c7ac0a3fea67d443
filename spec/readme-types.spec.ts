// Every TypeScript block of the README compiles under the README's own strict tsconfig, against the built
// package's declarations (dist/, as `npm pack` ships them): a guide a TypeScript user copies from must compile.
// (The README is the landing page; the guides' blocks, most of them, are checked by spec/docs.spec.ts.)
import { expect } from 'chai'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, ROOT, sh } from './support/package.js'
import { typescriptBlocks, writeBlocks } from './support/readme-blocks.js'

describe('the README, as TypeScript', function () {
  this.timeout(180_000)
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'koa-reactor-readme-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('has TypeScript blocks, each of them a module that compiles with tsc under its strict tsconfig', async () => {
    expect(existsSync(join(ROOT, 'dist', 'index.d.ts')), 'dist/ is built by make build (make spec and make test build it)').to.equal(true)
    const blocks = typescriptBlocks()
    expect(blocks.length).to.be.greaterThan(0)
    writeBlocks(dir, blocks)
    const errors = await sh(dir, join(BIN, 'tsc'), ['--noEmit', '-p', '.']).then(() => '', (e: Error) => e.message)
    expect(errors.split('\n').filter((l) => /error TS/.test(l))).to.deep.equal([])
  })
})
