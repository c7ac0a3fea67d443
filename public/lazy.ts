// Lazy components: their placeholders (`[reactor-lazy]`) are asked for in one message once the socket is open,
// those marked `visible` as they scroll into view; each is answered with its render (client.ts starts it).
import { put } from './wire.js'

const ask = (els: Element[]) => els.length && put({ t: 'lazy', c: els.map((el) => ({ id: el.id, tok: el.getAttribute('lazy') })) })

const view = new IntersectionObserver((entries) =>
  ask(entries.filter((e) => e.isIntersecting).map((e) => (view.unobserve(e.target), e.target))),
)

/** Asks for the page's placeholders: now, or once on screen. */
export function wake(): void {
  const now: Element[] = []
  for (const el of document.querySelectorAll('[reactor-lazy]')) el.getAttribute('reactor-lazy') ? view.observe(el) : now.push(el)
  ask(now)
}
