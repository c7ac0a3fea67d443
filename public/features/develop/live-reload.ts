// Development (reactor.dev.js only): live reload that keeps state (src/features/develop/live-reload.ts). A page
// with `<meta name="reactor-live">` (the version of the templates it was rendered with) asks its socket to hear of
// changes. `n`: components whose template changed, their renders follow: what the user typed in them is kept
// through those renders. `v`: another version of the page's templates (one changed, or the server restarted):
// the page fetches itself again and morphs in place; its components keep their elements and their state, the
// focus, the scroll and what was typed stay; components the page has lost leave, new ones join.
import morphdom from 'morphdom'
import { report, type Feature, type Message } from '../../core/feature.js'
import { join, start } from '../../core/life.js'
import { run } from '../../core/morph.js'
import { FIELD, me, put, ROOT, roots } from '../../core/wire.js'

/** The version of the templates the page shows. */
const live = () => document.querySelector<HTMLMetaElement>('meta[name=reactor-live]')

type Field = HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement

/** fields this capability marks `:keep` until their component's next render */
const kept = new Set<Element>()

/** Whether the user changed `el` since the server last rendered it. */
function typed(el: Field): boolean {
  if ((el as HTMLInputElement).type == 'file') return false // (the browser's to keep: a script cannot set it)
  if (/^(checkbox|radio)$/.test(el.type)) return el.checked != el.defaultChecked
  if (el.options) return [...el.options].some((o) => o.selected != o.defaultSelected)
  return el.value != el.defaultValue
}

/** Makes `to` hold what the user has in `from`. */
function hold(from: Field, to: Field): void {
  to.value = from.value
  to.checked = from.checked
}

/** What the user typed in `root`'s fields stays through its next render (morph.ts keeps a `:keep` field's value). */
function keepTyped(root: Element): void {
  for (const el of root.querySelectorAll<Field>('input,select,textarea')) {
    if (!el.hasAttribute(':keep') && typed(el)) kept.add(el), el.setAttribute(':keep', '')
  }
}

/** The page as the server renders it now, morphed into this one; its components keep theirs. */
async function refetch(): Promise<void> {
  const res = await fetch(location.href, { headers: { 'x-reactor-navigate': '1' } })
  // (a template that does not compile: the overlay says so; the next save tries again)
  if (!res.ok || !/html/.test(res.headers.get('content-type')!)) return void report({ code: 'live-reload', msg: `${location.pathname} answered ${res.status} to live reload: see the server's log, fix the template and save it again`, dev: {} })
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
  pair(doc.body)
  // (this script is found by its src, and left as it is)
  morphdom(document.head, doc.head, { getNodeKey: (n) => (n as Element).id || (n as HTMLScriptElement).src, onBeforeElUpdated: (from) => from != me, onBeforeNodeDiscarded: (n) => n != me })
  const added: Element[] = []
  morphdom(document.body, doc.body, {
    onBeforeElUpdated(from, to) {
      if (from.matches(ROOT) && from.id == to.id) return false
      if (FIELD.test(from.tagName) && typed(from as Field)) hold(from as Field, to as Field)
      return true
    },
    // the development overlay is the page's own
    onBeforeNodeDiscarded: (node) => !(node instanceof Element && node.hasAttribute('reactor-overlay')),
    // (morphdom offers each element of an added subtree in turn)
    onNodeAdded: (node) => (node instanceof Element && added.push(node), node),
  })
  // scripts the page's server marked as its own (its nonce) run; components it gained start and join
  const nonce = [...doc.scripts].find((s) => s.src == me.src)?.nonce
  for (const el of added) if (el instanceof HTMLScriptElement) run(el, nonce)
  const born = added.filter((el) => el.matches(ROOT))
  born.forEach(start)
  if (born.length) join()
}

/** Each component of the fetched page takes the id of the one it replaces (the same name, in order): it is kept. */
function pair(body: HTMLElement): void {
  const top = (el: Element) => !el.parentElement!.closest(ROOT)
  const shown = roots().filter(top)
  for (const next of [...body.querySelectorAll(ROOT)].filter(top)) {
    const at = shown.findIndex((el) => el.getAttribute('reactor-component') == next.getAttribute('reactor-component'))
    if (at >= 0) next.id = shown.splice(at, 1)[0].id
  }
}

export const liveReload: Feature = {
  connected: (open) => open && live() && put({ t: 'reload' }),
  messages: {
    reload(m: Message) {
      const { n, v } = m as Message & { n?: string[]; v?: string }
      if (n) for (const root of roots()) if (n.includes(root.getAttribute('reactor-component')!)) keepTyped(root)
      const shown = live()
      if (v && shown && v != shown.content) (shown.content = v), refetch()
    },
  },
  // a component rendered: the marks it had from a reload are spent
  marked(root) {
    for (const el of kept) if (root.contains(el)) kept.delete(el), el.removeAttribute(':keep')
  },
}
