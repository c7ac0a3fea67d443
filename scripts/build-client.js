// Bundles the browser client (public/client.ts, with morphdom) into public/dist/: `npm run build:client`.
// reactor.js for production; reactor.dev.js adds the development error overlay and warnings (__DEV__).
// esbuild bundles, terser minifies: 4% smaller gzipped than esbuild's own minifier (docs/design.md).
import { build } from 'esbuild'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { minify } from 'terser'

const here = (path) => new URL(`../${path}`, import.meta.url).pathname

/**
 * The capabilities' hook names, read from the `Feature` interface: the client's own, so the bundle gives them short
 * names. A call site names its hook as a string marked `/* @__KEY__ *\/` (esbuild renames it alike); one without the
 * mark would never reach the renamed hooks, so the build stops on it.
 */
async function hookNames() {
  const feature = await readFile(here('public/core/feature.ts'), 'utf8')
  const body = feature.slice(feature.indexOf('export interface Feature {'), feature.indexOf('\n}\n', feature.indexOf('export interface Feature {')))
  const names = [...body.matchAll(/^  (\w+)\?[(:]/gm)].map((m) => m[1])
  for (const file of await readdir(here('public'), { recursive: true })) {
    if (!file.endsWith('.ts') || file.startsWith('dist')) continue
    const unmarked = /\b(?:call|each)\('(\w+)'/.exec(await readFile(here(`public/${file}`), 'utf8'))
    if (unmarked) throw new Error(`public/${file}: ${unmarked[0]}) names hook "${unmarked[1]}" without /* @__KEY__ */; write ${unmarked[0].replace("('", "(/* @__KEY__ */ '")}`)
  }
  return new RegExp(`^(${names.join('|')})$`)
}

const HOOKS = await hookNames()

async function bundle(dev, file) {
  const { outputFiles } = await build({
    entryPoints: [here('public/client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { __DEV__: String(dev) },
    // the capabilities' hook names (public/core/feature.ts) are the client's own: short names in the bundle (a call
    // site names its hook with /* @__KEY__ */, so that its string is renamed alike)
    mangleProps: HOOKS,
    logLevel: 'warning',
  })
  const { code } = await minify(outputFiles[0].text, {
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true, inline: 1 },
    // the client's own expandos on elements (reactorOn, reactorSet, reactorPoll): no page or wire reads them
    mangle: { properties: { regex: /^reactor[A-Z]/ } },
    format: { wrap_func_args: false },
  })
  await writeFile(new URL(`../public/dist/${file}`, import.meta.url), code)
}

await mkdir(new URL('../public/dist/', import.meta.url), { recursive: true })
await Promise.all([bundle(false, 'reactor.js'), bundle(true, 'reactor.dev.js')])
