#!/usr/bin/env node
// The koa-reactor command: `koa-reactor new my-app` starts an app, `koa-reactor component x-name` adds a component.
import { readFileSync } from 'node:fs'
import { newApp, addComponent, type NewAppOptions } from './generate.js'

const USAGE = `Usage:
  npx koa-reactor new <folder> [--typescript | --javascript] [--koa-reactor <spec>] [--no-install]
      an app with a page, a component, a test and its npm scripts (dev, test, start); JavaScript by default
      --koa-reactor: what the app's package.json asks npm for (default: ^<this version>; a tarball or a git URL)
  npx koa-reactor component <x-name>
      a component in the app of this folder: its class, its template and a test
`

/** Runs the command line `args`; the exit code. */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args
  try {
    if (command === 'new') await newApp(newAppOptions(rest))
    else if (command === 'component') addComponent(process.cwd(), rest[0])
    else if (command === undefined || command === 'help' || command === '--help' || command === '-h') process.stdout.write(USAGE)
    else throw new UsageError(`unknown command "${command}"`)
    return 0
  } catch (error) {
    if (!(error instanceof Error)) throw error
    process.stderr.write(`koa-reactor: ${error.message}\n${error instanceof UsageError ? `\n${USAGE}` : ''}`)
    return 1
  }
}

class UsageError extends Error {}

function newAppOptions(args: string[]): NewAppOptions {
  const options: NewAppOptions = { folder: '', lang: 'js', koaReactor: `^${ownVersion()}`, install: true }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--typescript' || arg === '--ts') options.lang = 'ts'
    else if (arg === '--javascript' || arg === '--js') options.lang = 'js'
    else if (arg === '--no-install') options.install = false
    else if (arg === '--koa-reactor' && args[i + 1]) options.koaReactor = args[++i]!
    else if (!arg.startsWith('-') && !options.folder) options.folder = arg
    else throw new UsageError(`unknown option "${arg}"`)
  }
  if (!options.folder) throw new UsageError('name the folder of the new app: npx koa-reactor new my-app')
  return options
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

process.exitCode = await main(process.argv.slice(2))
