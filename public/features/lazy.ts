// Lazy components: their placeholders (`[reactor-lazy]`) are asked for in one message once the page's components
// joined, those marked `visible` as they scroll into view; each is answered with its render (the core starts it).
import type { Feature } from '../core/feature.js'
import { put } from '../core/wire.js'

const ask = (els: Element[]) => els.length && put({ t: 'lazy', c: els.map((el) => ({ id: el.id, tok: el.getAttribute('lazy') })) })

const view = new IntersectionObserver((entries) =>
  ask(entries.filter((e) => e.isIntersecting).map((e) => (view.unobserve(e.target), e.target))),
)

export const lazy: Feature = {
  /** Asks for the page's placeholders: now, or once on screen. */
  shown() {
    const now: Element[] = []
    for (const el of document.querySelectorAll('[reactor-lazy]')) el.getAttribute('reactor-lazy') ? view.observe(el) : now.push(el)
    ask(now)
  },
}
