// Bundles the browser client (public/client.ts, with morphdom) into public/dist/reactor.js: `npm run build:client`.
import { build } from 'esbuild'

await build({
  entryPoints: [new URL('../public/client.ts', import.meta.url).pathname],
  outfile: new URL('../public/dist/reactor.js', import.meta.url).pathname,
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  logLevel: 'warning',
})
