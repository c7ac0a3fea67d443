// A render that changes only text (a counter's number, a label) sets those text nodes in place: no HTML parse,
// no walk of the whole component by morphdom. Only when the tags are the same as the last render's and the
// page holds exactly that render's text, node for node (no entity, no text a script or `:disable-with` changed,
// no child component, `:once` or element a capability owns (a stream) around the change); otherwise morph.ts applies the render whole.
import { each } from './feature.js'
import { ROOT } from './wire.js'

const TAG = /(<[^>]*>)/

/** Sets the text `html` changes from `last`; the elements it changed (ancestors first), or null to morph. */
export function retext(root: Element, last: string, html: string): Element[] | null {
  const was = last.split(TAG)
  const now = html.split(TAG)
  if (was.length != now.length || root.querySelector(ROOT)) return null
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const sets: Array<[Text, string]> = []
  for (let i = 0; i < was.length; i++) {
    if (i % 2 || !was[i]) {
      if (was[i] != now[i]) return null
      continue
    }
    const text = walker.nextNode() as Text | null
    if (text?.data != was[i]) return null
    if (was[i] == now[i]) continue
    if (!now[i] || now[i].includes('&') || text.parentElement!.closest(['textarea,[\\:once]', ...each(/* @__KEY__ */ 'owns')].join())) return null
    sets.push([text, now[i]])
  }
  if (walker.nextNode()) return null
  const changed = new Set<Element>()
  for (const [text, data] of sets) {
    const chain = []
    for (let el = text.parentElement; el && el != root; el = el.parentElement) chain.unshift(el)
    ;[root, ...chain].forEach((el) => changed.add(el))
    text.data = data
  }
  return [...changed]
}
