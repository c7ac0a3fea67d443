// Life-cycle hooks: a bubbling DOM event `reactor:<name>` on the element (CSP-safe), then the seed's
// `onreactor-<name>` attribute run as JavaScript (`this` is the element, `event` the DOM event) when present.

export function hook(el: Element, name: string, detail?: unknown): void {
  const event = new CustomEvent(`reactor:${name}`, { bubbles: true, detail })
  const code = el.getAttribute(`onreactor-${name}`)
  el.dispatchEvent(event)
  try {
    if (code) new Function('event', code).call(el, event)
  } catch (error) {
    reportError(error)
  }
}
