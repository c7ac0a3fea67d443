// What the compiler tells a TypeScript user: the files of spec/types/ compile, each of their `@ts-expect-error`
// lines is an error (without the directives, tsc reports exactly those lines), and one `Register` declaration
// types `this.user` in every component of an app.
import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT } from './support/package.js'

const TYPES = join(ROOT, 'spec', 'types')

/** tsc on `files` (absolute) with the repository's options; the lines of its errors, as `file:line`. */
async function errorsOf(dir: string, files: string[]): Promise<string[]> {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: files, exclude: [] }))
  const { execFile } = await import('node:child_process')
  const out = await new Promise<string>((done) => execFile(join(BIN, 'tsc'), ['--noEmit', '-p', dir], (_, stdout) => done(stdout)))
  return [...out.matchAll(/^(\S+?)\((\d+),\d+\): error/gm)].map((m) => `${m[1]!.split('/').pop()}:${m[2]}`)
}

/** The lines just below each `@ts-expect-error` of `source`, as `file:line`. */
function expected(name: string, source: string): string[] {
  return source.split('\n').flatMap((line, i) => (/^\s*\/\/ @ts-expect-error/.test(line) ? [`${name}:${i + 2}`] : []))
}

describe('TypeScript, as its users get it', function () {
  this.timeout(180_000)
  let dir: string
  before(() => {
    // inside the repository (a dot folder, which tsc's globs and git leave alone): `koa-reactor` resolves to src/
    dir = mkdtempSync(join(TYPES, '.tmp-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const file of ['typescript-user.ts', 'registered/app.ts']) {
    it(`${file}: compiles, and each @ts-expect-error marks an error`, async () => {
      const source = readFileSync(join(TYPES, file), 'utf8')
      const name = file.split('/').pop()!
      expect(expected(name, source)).not.to.deep.equal([])
      expect(await errorsOf(dir, [join(TYPES, file)])).to.deep.equal([])
      const bare = join(dir, name)
      writeFileSync(bare, source.replace(/^(\s*)\/\/ @ts-expect-error.*$/gm, '$1//'))
      expect(await errorsOf(dir, [bare])).to.deep.equal(expected(name, source))
    })
  }
})
