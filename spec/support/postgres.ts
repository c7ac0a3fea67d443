// A real PostgreSQL server (Debian's package) in a temporary data directory on a free loopback port, run as the
// `postgres` user the package creates (Postgres refuses to run as root), stopped by the spec that started it.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './redis.js'

/** Where Debian puts the server's programs: /usr/lib/postgresql/<major>/bin (the newest installed). */
function binaries(): string {
  const found = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'], { encoding: 'utf8' }).stdout.trim()
  if (!found) throw new Error('PostgreSQL is not installed: `make test` installs Debian\'s postgresql (or apt-get install postgresql)')
  return found
}

export class PostgresServer {
  private constructor(readonly port: number, private readonly dir: string, private readonly bin: string) {}

  /** initdb (trust authentication on loopback) and start; resolves once it accepts connections. */
  static async start(): Promise<PostgresServer> {
    const bin = binaries()
    const dir = mkdtempSync(join(tmpdir(), 'reactor-pg-'))
    chmodSync(dir, 0o777)
    const server = new PostgresServer(await freePort(), dir, bin)
    server.run('initdb', '-D', server.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8')
    server.run('pg_ctl', '-D', server.data, '-l', join(dir, 'log'), '-w', '-o', `-p ${server.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start')
    return server
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`
  }

  /** Runs SQL through psql, as another process of another language would (a migration, a worker). */
  psql(sql: string): string {
    return execFileSync('psql', [this.url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' })
  }

  async stop(): Promise<void> {
    this.run('pg_ctl', '-D', this.data, '-m', 'immediate', '-w', 'stop')
    rmSync(this.dir, { recursive: true, force: true })
  }

  private get data(): string {
    return join(this.dir, 'data')
  }

  private run(program: string, ...args: string[]): void {
    const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []
    const [command, ...rest] = [...asPostgres, join(this.bin, program), ...args]
    const result = spawnSync(command, rest, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`)
  }
}
