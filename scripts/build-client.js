// Bundles the browser client (public/client.ts, with morphdom) into public/dist/: `npm run build:client`.
// reactor.js for production; reactor.dev.js adds the development error overlay and warnings (__DEV__).
// esbuild bundles, terser minifies: 4% smaller gzipped than esbuild's own minifier (docs/design.md).
import { build } from 'esbuild'
import { mkdir, writeFile } from 'node:fs/promises'
import { minify } from 'terser'

async function bundle(dev, file) {
  const { outputFiles } = await build({
    entryPoints: [new URL('../public/client.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { __DEV__: String(dev) },
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
