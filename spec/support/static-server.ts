// A small static file server for a built site: `/a/b` serves a/b, a/b.html or a/b/index.html, else 404.html (404).
import { createServer, type Server } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png',
}

async function fileFor(root: string, path: string): Promise<string | undefined> {
  const base = join(root, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''))
  for (const candidate of [base, `${base}.html`, join(base, 'index.html')]) {
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate
  }
  return undefined
}

/** Serves `root` on a free loopback port. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const file = await fileFor(root, new URL(req.url ?? '/', 'http://x').pathname)
    res.writeHead(file ? 200 : 404, { 'content-type': TYPES[extname(file ?? '.html')] ?? 'application/octet-stream' })
    res.end(await readFile(file ?? join(root, '404.html')))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}
