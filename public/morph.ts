// Applies a render to a component with morphdom, keeping what the user has in hand:
// nested components (their own renders), `:once` elements, `:keep` values, and the focused field.
import morphdom from 'morphdom'

const FIELD = /^(INPUT|SELECT|TEXTAREA)$/

export function morph(root: Element, html: string): void {
  morphdom(root, html, {
    getNodeKey: (node) => (node as Element).id || undefined,
    onBeforeElUpdated(from, to) {
      if (from !== root && from.hasAttribute('reactor-component') && from.id === to.id) return false
      if (from.hasAttribute(':once')) return false
      if (from.hasAttribute(':keep')) {
        ;(to as HTMLInputElement).value = (from as HTMLInputElement).value
        ;(to as HTMLInputElement).checked = (from as HTMLInputElement).checked
      }
      if (from === document.activeElement && FIELD.test(from.tagName) && !from.hasAttribute(':override')) {
        for (const { name, value } of Array.from(to.attributes)) if (name !== 'value') from.setAttribute(name, value)
        return false
      }
      return true
    },
  })
  root.querySelector<HTMLElement>('[\\:focus]:not([disabled])')?.focus()
}
