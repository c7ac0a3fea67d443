// `:disable` and `:disable-with="Saving…"`: an element disabled (and its text replaced) while an event it fired
// is in flight; for a form's submit event, every `:disable` / `:disable-with` element of the form too, so
// quick clicks on its submit button send one event.

/** what an element showed before `:disable-with` replaced it */
const shown = new WeakMap<Element, string | Node[]>()

type Control = HTMLButtonElement & HTMLInputElement

export function disable(el: Element, on: boolean, submit?: boolean): void {
  const targets = submit ? [el, ...el.querySelectorAll('[\\:disable],[\\:disable-with]')] : [el]
  for (const target of targets) {
    if (target.matches('[\\:disable],[\\:disable-with]')) (target as Control).disabled = on
    relabel(target as Control, on)
  }
}

function relabel(el: Control, on: boolean): void {
  const text = el.getAttribute(':disable-with')
  const input = el.localName == 'input'
  if (text == null) return
  // a render may have put the server's text back while the event is still in flight: it is what to restore
  if (on && (input ? el.value : el.textContent) != text) {
    shown.set(el, input ? el.value : [...el.childNodes])
    input ? (el.value = text) : (el.textContent = text)
  } else if (!on && shown.has(el)) {
    const before = shown.get(el)!
    input ? (el.value = before as string) : el.replaceChildren(...(before as Node[]))
    shown.delete(el)
  }
}
