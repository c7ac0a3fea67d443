// The README's TypeScript blocks as files a user could paste into the getting-started app: each block is a module
// of its own; a block that shows part of an app (no import of koa-reactor) gets the imports the guide uses, and
// the names the guide takes as the app's own (a database, a `reactor`...) from spec/fixtures/readme-app.d.ts.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT, gettingStartedFiles } from './package.js'

export interface Block {
  /** the line of its opening fence in README.md */
  line: number
  code: string
}

/** Every ```ts block of README.md, with its line. */
export function typescriptBlocks(): Block[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks: Block[] = []
  for (const match of readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    blocks.push({ line: readme.slice(0, match.index).split('\n').length, code: match[1]! })
  }
  return blocks
}

/** The guide's imports: [module, default import or names ('type X' for a type)]. */
const GUIDE_IMPORTS: Array<[module: string, names: string[] | string]> = [
  ['koa-reactor', ['Component', 'AuthComponent', 'StaffComponent', 'Reactor', 't', 'MemoryBus', 'RedisBus', 'type Args', 'type Present', 'type Change', 'type ChangeFeed']],
  ['koa', 'Koa'],
  ['@koa/router', 'Router'],
  ['node:fs/promises', ['readFile', 'rename']],
  ['chai', ['expect']],
]

/** The block as a module: the guide's imports of names it neither imports nor declares itself, then its code. */
export function asModule(block: Block): string {
  const own = (name: string) =>
    new RegExp(`^import\\b[^\\n]*\\b${name}\\b[^\\n]* from |\\b(interface|type|class|const|let|function) ${name}\\b`, 'm').test(block.code)
  const header = GUIDE_IMPORTS.flatMap(([module, names]) => {
    if (typeof names === 'string') return own(names) ? [] : [`import ${names} from '${module}'`]
    const wanted = names.filter((name) => !own(name.replace(/^type /, '')))
    return wanted.length ? [`import { ${wanted.join(', ')} } from '${module}'`] : []
  })
  return `${header.join('\n')}\n// README.md line ${block.line}\n${block.code}\nexport {}\n`
}

/**
 * A folder with each block as `readme-<line>.ts` (or the file its first line names), the app's names, the README's own tsconfig.json (its `include`
 * set to these files) and a node_modules that resolves `koa-reactor` to this repository's built package (dist/).
 */
export function writeBlocks(dir: string, blocks: Block[]): string[] {
  // a block that names its file (`// example/server.ts`) is written there: another block may import it
  const files = blocks.map((block) => block.code.match(/^\/\/ ([\w./-]+\.ts)\n/)?.[1] ?? `readme-${block.line}.ts`)
  blocks.forEach((block, i) => {
    mkdirSync(dirname(join(dir, files[i]!)), { recursive: true })
    writeFileSync(join(dir, files[i]!), asModule(block))
  })
  writeFileSync(join(dir, 'readme-app.d.ts'), readFileSync(join(ROOT, 'spec', 'fixtures', 'readme-app.d.ts')))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-app', private: true, type: 'module' }))
  const tsconfig = JSON.parse(gettingStartedFiles().get('tsconfig.json')!.replace(/^\s*\/\/.*$/gm, ''))
  tsconfig.include = [...files, 'readme-app.d.ts']
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
  linkPackages(dir)
  return files
}

/** A node_modules in `dir` with this repository's packages, and `koa-reactor` this repository (its dist/). */
export function linkPackages(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true })
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry === '@types') continue
    symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry))
  }
  for (const entry of readdirSync(join(ROOT, 'node_modules', '@types'))) {
    symlinkSync(join(ROOT, 'node_modules', '@types', entry), join(dir, 'node_modules', '@types', entry))
  }
  symlinkSync(ROOT, join(dir, 'node_modules', 'koa-reactor'))
}
