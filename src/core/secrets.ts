// Where the signing secrets come from: the `secret` option or REACTOR_SECRET; in development, a generated one
// kept outside the project's sources (node_modules/.cache), so that it is never committed by accident.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** Secrets shown in koa-reactor's README: anyone can read them, so production refuses them. */
export const DOCUMENTED_SECRETS: readonly string[] = ['your-long-random-secret-of-32-bytes-or-more']

/** The shortest secret production accepts, in bytes (HS256 keys are 32 bytes). */
export const MIN_SECRET_BYTES = 32

export interface SecretSource {
  secret?: string | readonly string[] | undefined
  env?: NodeJS.ProcessEnv
  /** where a development secret is kept; default node_modules/.cache/koa-reactor/dev-secret */
  devSecretFile?: string | undefined
  warn?: (message: string) => void
}

const HOW_TO_SET = 'set REACTOR_SECRET to a long random string (for example the output of `openssl rand -base64 32`) on every node'

/**
 * The secrets, newest first: the `secret` option, else REACTOR_SECRET (comma or space separated).
 * Production refuses to start without one, or with a weak one; development keeps a generated one in a cache file.
 */
export function resolveSecrets({ secret, env = process.env, devSecretFile, warn = console.warn }: SecretSource): string[] {
  const given = secret ?? env.REACTOR_SECRET
  const list = (typeof given === 'string' ? given.split(/[\s,]+/) : [...(given ?? [])]).filter(Boolean)
  const production = env.NODE_ENV === 'production'
  if (production) for (const value of list) refuseWeak(value)
  if (list.length > 0) return list
  if (production) throw new Error(`koa-reactor: REACTOR_SECRET is not set. In production every node must share one secret: ${HOW_TO_SET}.`)
  return [developmentSecret(devSecretFile ?? defaultSecretFile(), warn)]
}

function refuseWeak(secret: string): void {
  const why = DOCUMENTED_SECRETS.includes(secret)
    ? 'is the example from the README, which anyone can read'
    : Buffer.byteLength(secret) < MIN_SECRET_BYTES
      ? `is ${Buffer.byteLength(secret)} bytes long; production needs at least ${MIN_SECRET_BYTES}`
      : ''
  if (why) throw new Error(`koa-reactor: a secret in REACTOR_SECRET (or the \`secret\` option) ${why}. ${HOW_TO_SET[0].toUpperCase()}${HOW_TO_SET.slice(1)}.`)
}

/** node_modules/.cache/koa-reactor/dev-secret of the nearest node_modules above the working folder, if any. */
function defaultSecretFile(): string | undefined {
  for (let dir = resolve(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'koa-reactor', 'dev-secret')
    if (dirname(dir) === dir) return undefined
  }
}

function developmentSecret(file: string | undefined, warn: (message: string) => void): string {
  if (!file) {
    warn('koa-reactor: REACTOR_SECRET is not set and there is no node_modules folder to keep a development secret in; pages loaded before a restart stop working after it. Set REACTOR_SECRET.')
    return randomBytes(32).toString('base64url')
  }
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 })
  }
  warn(`koa-reactor: REACTOR_SECRET is not set; using the development secret kept in ${file}. Set REACTOR_SECRET in production.`)
  return readFileSync(file, 'utf8').trim()
}
