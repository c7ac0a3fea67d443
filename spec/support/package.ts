// The package as a user gets it: `npm pack`, a fresh app folder with the README's getting-started files, the
// tarball installed from it with its dependencies from the npm registry, and the app's processes.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'chai'
import type { Browser } from 'playwright-core'
import { waitForText } from './browser.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'node_modules', '.bin')
const run = promisify(execFile)

/** Runs a command in `cwd`; its output is in the error when it fails. */
export async function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    return (await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })).stdout
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
}

/** `npm pack` of this repository into `dir` (prepack builds the client and dist/); the tarball's path. */
export async function pack(dir: string): Promise<string> {
  const out = await sh(ROOT, 'npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'])
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>
  return join(dir, filename)
}

/**
 * The files of the "Getting started in your Koa app" section of `document` (the README, or the site's guide):
 * each code block that opens with a comment naming its file.
 */
export function gettingStartedFiles(document = 'README.md'): Map<string, string> {
  const readme = readFileSync(join(ROOT, document), 'utf8')
  const start = readme.indexOf('## Getting started in your Koa app')
  const end = readme.indexOf('\n## ', start + 3)
  const section = readme.slice(start, end < 0 ? undefined : end)
  const files = new Map<string, string>()
  for (const [, body] of section.matchAll(/```\w*\n([\s\S]*?)```/g)) {
    const named = body!.match(/^(?:\/\/-?|#) ([\w./-]+\.\w+)\n/)
    if (named) files.set(named[1]!, body!.slice(named[0].length))
  }
  return files
}

/** The bare packages the files of `folder` import (scopes kept), node: modules left out. */
export function importsOf(folder: string): Set<string> {
  const found = new Set<string>()
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        for (const [, spec] of readFileSync(path, 'utf8').matchAll(/(?:from |import\(|require\(|resolve\()'([^'.][^']*)'/g)) {
          if (!spec!.startsWith('node:')) found.add(spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/'))
        }
      }
    }
  }
  walk(folder)
  return found
}

/** The version range this repository uses for `name`. */
export function rangeOf(name: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>
  const range = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name]
  if (!range) throw new Error(`${name} is not a dependency of koa-reactor; add it to package.json`)
  return range
}

/** Writes `files` (path -> content) below `dir`. */
export function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
}

/** Copies this repository's example app into `dir`/example (without its data). */
export function copyExample(dir: string): void {
  cpSync(join(ROOT, 'example'), join(dir, 'example'), { recursive: true, filter: (src) => src !== join(ROOT, 'example', 'data') })
}

/** A package that compiles native code (node-gyp) cannot be built in a spec's time: the repository's build is linked in. */
export function isNative(name: string): boolean {
  return existsSync(join(ROOT, 'node_modules', name, 'binding.gyp'))
}

export interface AppProcess {
  url: string
  output(): string
  stop(): Promise<void>
}

/** Starts `command args` in `cwd` on a free port and resolves with the first http://127.0.0.1:<port>/ it prints. */
export function start(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
  const clean = { ...process.env }
  for (const name of ['NODE_OPTIONS', 'REACTOR_SECRET', 'NODE_ENV', 'REDIS_URL']) delete clean[name]
  const child = spawn(command, args, { cwd, env: { ...clean, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const stop = () => stopped(child)
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => (void stop(), reject(new Error(`${command} ${args.join(' ')} printed no URL within 20 s:\n${output}`))), 20_000)
    const read = (chunk: Buffer) => {
      output += chunk
      const url = output.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0]
      if (url && !/:0\/$/.test(url)) clearTimeout(timer), resolvePromise({ url, output: () => output, stop })
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`))))
  })
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM')))
}


/** The README's counter at `url` counts two clicks in Chromium, without a page error. */
export async function countsClicks(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  try {
    await page.goto(url)
    expect(await page.textContent('.count')).to.equal('0')
    await page.click('button')
    await waitForText(page, '.count', '1')
    await page.click('button')
    await waitForText(page, '.count', '2')
    expect(errors).to.deep.equal([])
  } finally {
    await page.close()
  }
}
