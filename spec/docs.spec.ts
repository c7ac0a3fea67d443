// The documentation site's code: every TypeScript and JavaScript sample of the guides type-checks under the
// README's strict tsconfig against the package's declarations (the getting-started app is also run, from the
// README, by spec/package.spec.ts).
import { expect } from 'chai'
import { join } from 'node:path'
import { samples, writeProject } from './support/doc-samples.js'
import { BIN, ROOT, gettingStartedFiles, sh } from './support/package.js'

describe('the documentation site', function () {
  this.timeout(60_000)

  it('has code samples on most guides, each type-checked by tsc under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes', async () => {
    const all = samples()
    expect(new Set(all.map((s) => s.page)).size).to.be.greaterThan(8)
    const dir = join(ROOT, 'node_modules', '.cache', 'koa-reactor-doc-samples')
    const files = writeProject(dir, all)
    const output = await sh(dir, join(BIN, 'tsc'), ['-p', '.']).then(() => '', (e: Error) => e.message)
    // each error at its place in the guide: guide/forms.md:12
    const errors = [...output.matchAll(/^([\w.-]+)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map(([, file, line, message]) => {
      const sample = files.get(file!)!
      return `docs/site/guide/${sample.page}:${sample.line + Number(line) - 1} ${message}`
    })
    expect(errors).to.deep.equal([])
    expect(output).to.equal('')
  })

  it("shows the README's getting-started app, which spec/package.spec.ts runs: the same files, word for word", () => {
    const site = gettingStartedFiles('docs/site/guide/getting-started.md')
    expect([...site.keys()]).to.include.members(['app.mjs', 'app.cjs', 'app.ts', 'views/counter.pug'])
    expect(Object.fromEntries(site)).to.deep.equal(Object.fromEntries(gettingStartedFiles()))
  })
})
