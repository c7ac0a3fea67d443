// The files of a new app (`koa-reactor new my-app`): a page, a component, a test with the test client, and
// npm scripts (dev with node --watch, test, start). The component's files come from component-files.ts.
import { componentClass, componentTemplate, componentTest, type Language } from './component-files.js'

export interface AppSpec {
  name: string
  lang: Language
  /** what package.json asks npm for: a version range, a tarball's path or a git URL */
  koaReactor: string
  versions: { koa: string; happyDom: string; typescript: string; tsx: string; typesKoa: string; typesNode: string }
}

const FIRST_COMPONENT = 'x-counter'

/** Every file of the app, path -> content. */
export function appFiles(spec: AppSpec): Map<string, string> {
  const ext = spec.lang
  const files = new Map<string, string>([
    ['package.json', packageJson(spec)],
    [`app.${ext}`, appModule()],
    [`server.${ext}`, serverModule(spec.lang)],
    ['views/index.pug', indexPage(spec.name)],
    ['views/preview.pug', previewPage()],
    [`components/${FIRST_COMPONENT}.${ext}`, componentClass(FIRST_COMPONENT, spec.lang)],
    [`views/${FIRST_COMPONENT}.pug`, componentTemplate(FIRST_COMPONENT)],
    [`test/${FIRST_COMPONENT}.test.${ext}`, componentTest(FIRST_COMPONENT)],
    ['.gitignore', 'node_modules/\nbuild/\n'],
  ])
  if (spec.lang === 'ts') files.set('tsconfig.json', tsconfig())
  return files
}

function packageJson({ name, lang, koaReactor, versions }: AppSpec): string {
  const ts = lang === 'ts'
  const scripts = ts
    ? { dev: 'node --watch --import tsx server.ts', test: 'node --import tsx --test test/*.test.ts', build: 'tsc', start: 'tsc && node build/server.js' }
    : { dev: 'node --watch server.js', test: 'node --test test/', start: 'node server.js' }
  const devDependencies: Record<string, string> = { 'happy-dom': versions.happyDom }
  if (ts) Object.assign(devDependencies, { '@types/koa': versions.typesKoa, '@types/node': versions.typesNode, tsx: versions.tsx, typescript: versions.typescript })
  const pkg = { name, version: '0.1.0', private: true, type: 'module', scripts, dependencies: { koa: versions.koa, 'koa-reactor': koaReactor }, devDependencies }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

function appModule(): string {
  return `import Koa from 'koa'
import { fileURLToPath } from 'node:url'
import { Reactor } from 'koa-reactor'

// components/ holds the components (each registers under its tag); views/ the pages and templates
export const reactor = await new Reactor().autoload(fileURLToPath(new URL('./components', import.meta.url)))
export const app = reactor.attach(new Koa())

const development = process.env.NODE_ENV !== 'production'

app.use(async (ctx) => {
  if (ctx.path === '/') return ctx.reactor.render('index', { title: 'Home' })
  // one component alone on a page, for its test and to try it out (development only)
  const preview = /^\\/preview\\/([a-z][a-z0-9]*(?:-[a-z0-9]+)+)$/.exec(ctx.path)
  if (preview && development) return ctx.reactor.render('preview', { title: preview[1], tag: preview[1] })
  ctx.status = 404
})
`
}

function serverModule(lang: Language): string {
  const address = lang === 'ts' ? '(server.address() as AddressInfo).port' : 'server.address().port'
  const importType = lang === 'ts' ? "import type { AddressInfo } from 'node:net'\n" : ''
  return `${importType}import { app } from './app.js'

const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(\`Open http://127.0.0.1:\${${address}}/\`)
})
`
}

function indexPage(name: string): string {
  return `doctype html
html
  head
    title= title
    != reactorHeader()
  body
    h1 ${name}
    != component('${FIRST_COMPONENT}', {})
`
}

function previewPage(): string {
  return `doctype html
html
  head
    title= title
    != reactorHeader()
  body!= component(tag, {})
`
}

function tsconfig(): string {
  const compilerOptions = {
    target: 'es2022', module: 'nodenext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
    skipLibCheck: true, types: ['node'], outDir: 'build',
  }
  return `${JSON.stringify({ compilerOptions, include: ['*.ts', 'components', 'test'] }, null, 2)}\n`
}
