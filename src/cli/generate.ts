// What the koa-reactor command does: write a new app (and install it), or add a component to the app here.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { appFiles } from './app-files.js'
import { componentClass, componentTemplate, componentTest, type Language } from './component-files.js'
import { badTag, packageName } from './names.js'

export interface NewAppOptions {
  folder: string
  lang: Language
  koaReactor: string
  install: boolean
}

/** The versions a new app asks for: those koa-reactor is developed and tested with. */
const VERSIONS = { koa: '^3.3.0', happyDom: '^21.0.4', typescript: '^7.0.2', tsx: '^4.23.15', typesKoa: '^3.0.3', typesNode: '^20.19.43' }

export async function newApp({ folder, lang, koaReactor, install }: NewAppOptions): Promise<void> {
  const root = resolve(folder)
  if (existsSync(root) && readdirSync(root).length > 0) throw new Error(`${folder} exists and is not empty: choose a new folder`)
  // a local tarball or folder is resolved from here, where the user named it, not from the new folder
  const spec = /^(\.{1,2}\/|\/)/.test(koaReactor) ? `file:${resolve(koaReactor)}` : koaReactor
  writeAll(root, appFiles({ name: packageName(basename(root)), lang, koaReactor: spec, versions: VERSIONS }))
  if (install) {
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
    if (npm.status !== 0) throw new Error(`npm install failed in ${folder}; run it there again once the cause is fixed`)
  }
  const cd = relative(process.cwd(), root) || '.'
  process.stdout.write(`\nA new koa-reactor app in ${cd}:\n\n  cd ${cd}\n${install ? '' : '  npm install\n'}  npm run dev    # http://127.0.0.1:3000/: a code change restarts it, a template edit reaches the open pages live\n  npm test\n  npx koa-reactor component x-name    # adds a component\n`)
}

/** Adds a component's class, template and test to the app in `root`. */
export function addComponent(root: string, tag: string | undefined): void {
  const error = badTag(tag)
  if (error) throw new Error(error)
  if (!existsSync(join(root, 'package.json'))) throw new Error('run this in the folder of your app (where its package.json is)')
  const lang: Language = existsSync(join(root, 'tsconfig.json')) ? 'ts' : 'js'
  const files = new Map([
    [`components/${tag}.${lang}`, componentClass(tag!, lang)],
    [`views/${tag}.pug`, componentTemplate(tag!)],
    [`test/${tag}.test.${lang}`, componentTest(tag!)],
  ])
  const taken = [...files.keys()].filter((path) => existsSync(join(root, path)))
  if (taken.length > 0) throw new Error(`${taken.join(', ')} already exist: nothing was written`)
  writeAll(root, files)
  process.stdout.write(`Added ${[...files.keys()].join(', ')}\nTry it at /preview/${tag} (npm run dev); npm test runs its test.\n`)
}

function writeAll(root: string, files: Map<string, string>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}
