// Bundles the browser client (public/client.ts, with morphdom) into public/dist/: `npm run build:client`.
// reactor.js for production; reactor.dev.js adds the development error overlay and warnings (__DEV__).
import { build } from 'esbuild'

const bundle = (dev, file) =>
  build({
    entryPoints: [new URL('../public/client.ts', import.meta.url).pathname],
    outfile: new URL(`../public/dist/${file}`, import.meta.url).pathname,
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    define: { __DEV__: String(dev) },
    logLevel: 'warning',
  })

await Promise.all([bundle(false, 'reactor.js'), bundle(true, 'reactor.dev.js')])
