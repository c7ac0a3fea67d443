// A real Redis Cluster on loopback: three masters and a replica each (Debian's redis-server with
// cluster-enabled), made by `redis-cli --cluster create`, with a short node timeout so a replica takes over a
// killed master in about a second. stop() ends every redis-server it started and removes its folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { freePort, pong } from './redis.js'

const run = (args: string[]) => spawnSync('redis-cli', args, { encoding: 'utf8' })

export class RedisCluster {
  private readonly children = new Map<number, ChildProcess>()
  /** on exit (a spec that failed before stop): the servers killed, their files removed */
  private readonly kill = () => {
    this.children.forEach((child) => child.kill('SIGKILL'))
    rmSync(this.folder, { recursive: true, force: true })
  }

  private constructor(readonly ports: number[], private readonly folder: string) {}

  /** Starts `masters` masters with `replicas` replica(s) each, and waits until the cluster is ok. */
  static async start(masters = 3, replicas = 1): Promise<RedisCluster> {
    const ports: number[] = []
    // a cluster node also listens on port + 10000 (its bus): keep both free
    while (ports.length < masters * (1 + replicas)) {
      const port = await freePort()
      if (port < 55000 && !ports.includes(port)) ports.push(port)
    }
    const cluster = new RedisCluster(ports, mkdtempSync(join(tmpdir(), 'reactor-cluster-')))
    process.once('exit', cluster.kill)
    await Promise.all(ports.map((port) => cluster.startNode(port)))
    const made = run(['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'])
    if (made.status !== 0) throw new Error(`redis-cli --cluster create failed: ${made.stdout}${made.stderr}`)
    await cluster.settled(true)
    return cluster
  }

  /** `redis://127.0.0.1:port` of every node. */
  get urls(): string[] {
    return this.ports.map((port) => `redis://127.0.0.1:${port}`)
  }

  /** The ports of the current masters (asked of a live node). */
  masters(): number[] {
    const live = this.ports.find((port) => this.alive(port))!
    const out = run(['-p', String(live), 'cluster', 'nodes']).stdout
    return out.split('\n').filter((line) => / master /.test(line) || /,master /.test(line)).filter((line) => !/fail/.test(line)).map((line) => Number(/:(\d+)@/.exec(line)![1]))
  }

  /** The port of the master that serves `key`'s slot now. */
  masterOf(key: string): number {
    const live = this.ports.find((port) => this.alive(port))!
    const slot = Number(run(['-p', String(live), 'cluster', 'keyslot', key]).stdout.trim())
    for (const port of this.masters()) {
      const ranges = run(['-p', String(port), 'cluster', 'nodes']).stdout.split('\n').find((line) => line.includes('myself'))!
      const owns = ranges.split(' ').slice(8).some((range) => {
        const [from, to = from] = range.split('-').map(Number)
        return slot >= from && slot <= to
      })
      if (owns) return port
    }
    throw new Error(`no master serves ${key} (slot ${slot})`)
  }

  /** How many connections subscribe `channel` on its shard (PUBSUB SHARDNUMSUB on its master). */
  shardSubscribers(channel: string): number {
    const out = run(['-p', String(this.masterOf(channel)), 'pubsub', 'shardnumsub', channel]).stdout.trim().split('\n')
    return Number(out[1])
  }

  /** Waits until every live node reports cluster_state:ok with three live masters (and, `synced`, every replica synced). */
  async settled(synced = false): Promise<void> {
    for (let tries = 0; tries < 300; tries++) {
      const live = this.ports.filter((port) => this.alive(port))
      const ok = live.every((port) => run(['-p', String(port), 'cluster', 'info']).stdout.includes('cluster_state:ok'))
      // a replica takes over only once it has synced with its master
      const replicated = !synced || live.every((port) => !/role:slave/.test(this.info(port)) || /master_link_status:up/.test(this.info(port)))
      const masters = this.masters()
      if (ok && replicated && masters.length >= 3 && masters.every((port) => this.alive(port))) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the Redis Cluster did not settle in 30 s')
  }

  private alive(port: number): boolean {
    const child = this.children.get(port)
    return !!child && child.exitCode === null && child.signalCode === null
  }

  private info(port: number): string {
    return run(['-p', String(port), 'info', 'replication']).stdout
  }

  /** Kills the redis-server on `port` (SIGKILL: a crash, no goodbye to the cluster). */
  async crash(port: number): Promise<void> {
    const child = this.children.get(port)!
    child.kill('SIGKILL')
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
  }

  /** Stops every redis-server it started and removes their files. */
  async stop(): Promise<void> {
    process.off('exit', this.kill)
    await Promise.all([...this.children.values()].filter((c) => c.exitCode === null && c.signalCode === null).map((child) => (child.kill('SIGKILL'), once(child, 'exit'))))
    rmSync(this.folder, { recursive: true, force: true })
  }

  private async startNode(port: number): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning',
      '--cluster-enabled', 'yes', '--cluster-config-file', join(this.folder, `nodes-${port}.conf`), '--cluster-node-timeout', '1000',
      '--repl-diskless-sync-delay', '0',
      '--dir', this.folder]
    const child = spawn('redis-server', args, { stdio: 'ignore' })
    this.children.set(port, child)
    const exited = once(child, 'exit').then(() => {
      throw new Error(`redis-server exited at start-up on port ${port}; is Debian's redis-server (7 or later) installed (make system)?`)
    })
    const ready = (async () => {
      while (!(await pong(port))) await new Promise((r) => setTimeout(r, 20))
    })()
    await Promise.race([ready, exited])
  }
}
