// The house stands the right way up: the core (src/core, src/wire, src/koa) runs a component's life and names no
// capability; capabilities (src/features) register into it through the plugin hooks (spec/layers-browser.spec.ts
// holds the browser client to the same rule).
import { expect } from 'chai'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const CORE = ['src/core', 'src/wire', 'src/koa']

/** files still over 300 lines (they shrink as capabilities move out) */
const LONG: readonly string[] = []

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** `file: import line` for each import of src/features by a core file. */
function featureImports(): string[] {
  return CORE.flatMap(filesUnder).flatMap((file) =>
    readFileSync(file, 'utf8').split('\n')
      .filter((line) => /^\s*(import|export)\b.*from '(\.\.\/)+features\//.test(line))
      .map((line) => `${relative('.', file)}: ${line.trim()}`))
}

describe('the layers', () => {
  it('no file of the core imports a capability (src/features)', () => {
    expect(featureImports()).to.deep.equal([])
  })

  it('no file of src is over 300 lines', () => {
    const long = filesUnder('src').map((file) => [file, readFileSync(file, 'utf8').split('\n').length] as const).filter(([, n]) => n > 300)
    expect(long.map(([file, n]) => `${file}: ${n}`).filter((line) => !LONG.some((known) => line.startsWith(known)))).to.deep.equal([])
  })
})
