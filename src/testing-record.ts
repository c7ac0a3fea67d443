// What the test client records of the server's messages besides renders, for a test to assert: where a handler
// sent the browser (`visit`, `redirect`) and the flash messages it showed or carried to the next page.
import type { ServerMessage } from './wire/protocol.js'

export interface Flashed {
  level: string
  text: string
  /** shown on the page at once, or carried to the page a `visit` or `redirect` leads to */
  shown: 'now' | 'next'
}

type Visit = Extract<ServerMessage, { t: 'visit' }>

export class Recorded {
  /** the URLs `visit` sent the browser to (live navigation), in order */
  readonly visited: string[] = []
  /** the URLs `redirect` loaded, in order */
  readonly redirected: string[] = []
  readonly flashes: Flashed[] = []

  constructor(private readonly parse: (html: string) => ParentNode) {}

  take(msg: ServerMessage): void {
    if (msg.t === 'visit') this.visit(msg)
    else if (msg.t === 'flash') this.flashes.push(...this.shownNow(msg.html))
  }

  private visit({ url, action, f }: Visit): void {
    ;(action === 'redirect' ? this.redirected : this.visited).push(url)
    // the carried messages are signed, not sealed: the token's payload holds them as [level, text]
    const carried = f ? (JSON.parse(Buffer.from(f.split('.')[1] ?? '', 'base64url').toString()).st?.m as Array<[string, string]>) : []
    for (const [level, text] of carried ?? []) this.flashes.push({ level, text, shown: 'next' })
  }

  private shownNow(html: string): Flashed[] {
    return Array.from(this.parse(html).querySelectorAll('.flash'), (p) => ({
      level: Array.from(p.classList).find((c) => c.startsWith('flash-'))?.slice(6) ?? 'info',
      text: p.firstChild?.textContent ?? '',
      shown: 'now' as const,
    }))
  }
}
