// The documentation site's code: every TypeScript and JavaScript sample of the guides type-checks under the
// README's strict tsconfig against the package's declarations (the getting-started app is also run, from the
// README, by spec/package.spec.ts).
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { componentTest } from '../src/cli/component-files.js'
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

  const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')
  /** The text of `document` from `heading` to the next heading of its level. */
  const section = (document: string, heading: string) => {
    const start = document.indexOf(`${heading}\n`)
    const end = document.indexOf('\n## ', start + heading.length)
    return document.slice(start + heading.length, end < 0 ? undefined : end).trim()
  }

  it("tells of the generator in the README's words: the site's \"A new app\" is the README's \"Start a new app\"", () => {
    expect(section(read('docs/site/guide/getting-started.md'), '## A new app')).to.equal(section(read('README.md'), '## Start a new app'))
  })

  it('shows the test the generator writes, as it writes it (but its import of the app)', () => {
    const guide = read('docs/site/guide/testing.md')
    const sample = section(guide, '## With node:test').match(/```ts\n([\s\S]*?)```/)![1]
    expect(sample).to.equal(componentTest('x-counter').replace("import { app } from '../app.js'\n", ''))
  })
})
