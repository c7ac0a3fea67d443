// The development error overlay: an error the server answered with details (it sends them only in development)
// is shown on the page, naming the component, the handler, the code, the message and the server's stack.
// Built with DOM calls, textContent and CSSOM styles: no HTML is parsed, and a strict CSP allows all of it.
import type { Problem } from '../../core/feature.js'

let box: HTMLElement | undefined

function add(parent: Element, tag: string, text: string, style: string): HTMLElement {
  const el = parent.appendChild(document.createElement(tag))
  el.textContent = text
  el.style.cssText = style
  return el
}

const PRE = 'white-space:pre-wrap;font:12px monospace'

export function overlay({ code, msg, dev }: Problem): void {
  if (!dev) return
  if (!box?.isConnected) {
    box = add(document.body, 'div', '', 'position:fixed;inset:auto 1em 1em;max-height:70vh;overflow:auto;z-index:9999;background:#222;color:#eee;border-top:4px solid #e44;padding:1em;font:14px sans-serif')
    box.setAttribute('reactor-overlay', '')
    add(box, 'button', '×', 'float:right').onclick = () => box!.remove()
  }
  // the newest ten (the first child is the close button)
  if (box.children.length > 10) box.children[1].remove()
  const entry = add(box, 'section', '', '')
  add(entry, 'b', `${dev.component ?? 'reactor'}${dev.handler ? `.${dev.handler}` : ''} · ${code}`, 'color:#f88')
  add(entry, 'pre', msg!, PRE)
  if (dev.stack) add(entry, 'pre', dev.stack, PRE + ';color:#aaa')
}
