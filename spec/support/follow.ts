// Follows the renders of the components a wire client holds, the way the browser applies them.
import { apply } from '../../src/core/diff.js'
import { isRender, type RenderMessage, type ServerMessage } from '../../src/wire/protocol.js'
import type { WireClient } from './server.js'

type Render = RenderMessage

export class Follower {
  private readonly html = new Map<string, string>()
  /** how many renders that changed the HTML arrived, by component id */
  readonly renders = new Map<string, number>()

  constructor(private readonly client: WireClient) {}

  /** Waits for the next render of `id` that changes its HTML, and returns the HTML after it. */
  async next(id: string, ms?: number): Promise<string> {
    const changes = (m: ServerMessage) => isRender(m) && m.id === id && ((m as Render).html !== undefined || (m as Render).d !== undefined)
    const render = (await this.client.next(changes, ms)) as Render
    const html = render.html ?? apply(this.html.get(id) ?? '', render.d!)
    this.html.set(id, html)
    this.renders.set(id, (this.renders.get(id) ?? 0) + 1)
    return html
  }

  /** Waits for the first render of `id` whose HTML passes `check` (earlier ones are applied and skipped). */
  async until(id: string, check: (html: string) => boolean): Promise<string> {
    for (;;) {
      const html = await this.next(id)
      if (check(html)) return html
    }
  }
}

/** The text of the first element of class `name` in `html`. */
export function textOf(html: string, name: string): string | undefined {
  return new RegExp(`class="${name}"[^>]*>([^<]*)<`).exec(html)?.[1]
}
