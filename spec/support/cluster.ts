// A cluster as `make cluster` runs it (scripts/cluster.sh), for the chaos run and the cluster specs: Redis,
// example nodes sharing one SQLite file, and nginx round robin in front (no sticky sessions), all on 127.0.0.1
// and free ports. Unlike the script, a node or Redis can be killed and started again, a node frozen, and
// stop() ends every process it started.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, RedisServer } from './redis.js'

const SECRET = 'chaos-secret-0123456789abcdef0123456789'

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

async function ready(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await accepts(port)) return
    if (child.exitCode !== null) throw new Error(`${what} exited at start-up (code ${child.exitCode})`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${what} does not answer on port ${port}`)
}

export interface ClusterOptions {
  /** nginx refuses WebSocket upgrades (403), as some corporate proxies do: pages fall back to HTTP */
  refuseWebSockets?: boolean
  /** the nodes' entry script (default example/server.ts) */
  script?: string
}

function nginxConfig(dir: string, port: number, nodes: number[], { refuseWebSockets }: ClusterOptions = {}): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr crit;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream reactor {
${nodes.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://reactor;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_read_timeout 1h;
      # uploads over HTTP: parts of 4 MB, streamed to the node as they arrive
      client_max_body_size 5m;
      proxy_request_buffering off;
      # which node answered (the specs check that requests land on every node)
      add_header X-Node $upstream_addr always;${refuseWebSockets ? "\n      if ($http_upgrade) { return 403; }" : ''}
    }
  }
}
`
}

export type NodeEnv = (dir: string, port: number) => Record<string, string>

/**
 * The connections established to `port` on 127.0.0.1, from /proc. nginx keeps no idle connection to a node
 * (its upstream has no keepalive), so once pages have loaded these are their WebSockets.
 */
function established(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  const rows = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
  return rows.filter((row) => {
    const [, local, , state] = row.trim().split(/\s+/)
    return local === `0100007F:${hex}` && state === '01'
  }).length
}

export class Cluster {
  private readonly nodes = new Map<number, ChildProcess>()
  private nginx?: ChildProcess
  private readonly dir = mkdtempSync(join(tmpdir(), 'reactor-chaos-'))

  private constructor(readonly redis: RedisServer, readonly ports: number[], readonly port: number, private readonly env: NodeEnv, private readonly script: string) {}

  /** `env` adds to each node's environment; `(dir, port)` gives a node's own (UPLOADS_DIR, say). `options.script`:
   * the node's entry (default the example's server; spec/support/crash-node.ts has a crash point). */
  static async start(count = 3, env: NodeEnv = () => ({}), options: ClusterOptions = {}): Promise<Cluster> {
    const script = options.script ?? 'example/server.ts'
    const ports = await Promise.all(Array.from({ length: count }, freePort))
    const cluster = new Cluster(await RedisServer.start(), ports, await freePort(), env, script)
    chmodSync(cluster.dir, 0o755) // nginx's workers (another user when run as root) buffer large answers here
    for (const port of ports) await cluster.startNode(port)
    writeFileSync(join(cluster.dir, 'nginx.conf'), nginxConfig(cluster.dir, cluster.port, ports, options))
    const nginx = (cluster.nginx = spawn('nginx', ['-p', cluster.dir, '-c', join(cluster.dir, 'nginx.conf'), '-e', 'stderr'], { stdio: 'inherit' }))
    await ready(cluster.port, nginx, 'nginx')
    return cluster
  }

  /** The folder of the cluster's files (database, nginx), removed by stop(). */
  get folder(): string {
    return this.dir
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async startNode(port: number): Promise<void> {
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: this.redis.url, REACTOR_SECRET: SECRET, NODE_ENV: 'production', TODO_DB: join(this.dir, 'todo.sqlite'), ...this.env(this.dir, port) }
    const child = spawn(process.execPath, ['--import', 'tsx', this.script], { env, stdio: ['ignore', 'ignore', 'inherit'] })
    this.nodes.set(port, child)
    await ready(port, child, `the node on ${port}`)
  }

  /** Kills the node on `port` at once (SIGKILL: no goodbye to its sockets). */
  killNode(port: number): Promise<void> {
    return this.end(port, 'SIGKILL')
  }

  /** Stops the node on `port` as a deploy does (SIGTERM: it drains, tells its pages to reconnect, exits). */
  stopNode(port: number): Promise<void> {
    return this.end(port, 'SIGTERM')
  }

  private async end(port: number, signal: NodeJS.Signals): Promise<void> {
    const child = this.nodes.get(port)!
    const exited = once(child, 'exit')
    child.kill(signal)
    await exited
    this.nodes.delete(port)
  }

  /** Stops the node on `port` where it is (SIGSTOP): what reaches it waits, unanswered, until it is killed. */
  freeze(port: number): void {
    this.nodes.get(port)!.kill('SIGSTOP')
  }

  /** The process id of the node on `port`. */
  pid(port: number): number {
    return this.nodes.get(port)!.pid!
  }

  /** The node ports that hold `count` or more sockets (connections nginx keeps open: WebSockets). */
  holding(count = 1): number[] {
    return [...this.nodes.keys()].filter((port) => established(port) >= count)
  }

  /** The sockets each running node holds, by port. */
  sockets(): Map<number, number> {
    return new Map([...this.nodes.keys()].map((port) => [port, established(port)]))
  }

  async stop(): Promise<void> {
    for (const child of [this.nginx, ...this.nodes.values()]) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue
      const exited = once(child, 'exit')
      child.kill('SIGCONT')
      child.kill('SIGTERM')
      await exited
    }
    await this.redis.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
