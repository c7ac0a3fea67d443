// Polling: `:poll.5s="refresh"` (or `.500ms`; default 2.5 s) sends `refresh` on an interval while the socket
// is open; in a hidden tab one tick in ten sends (Livewire's throttle), `:poll.visible` only while on screen.
// It stops when the element leaves the page.
import type { Feature } from '../core/feature.js'
import { send } from '../core/send.js'
import { link } from '../core/wire.js'

declare global {
  interface Element {
    reactorPoll?: 1
  }
}

function start(el: Element): void {
  const attr = [...el.attributes].find((a) => /^:poll\b/.test(a.name))
  if (!attr || el.reactorPoll) return
  el.reactorPoll = 1
  const [, every = '2.5', unit] = /\.([\d.]+)(m?s)\b/.exec(attr.name) ?? []
  const ms = +every * (unit == 'ms' ? 1 : 1e3)
  let seen = !attr.name.includes('.visible')
  const view = new IntersectionObserver(([entry]) => (seen = entry.isIntersecting))
  if (!seen) view.observe(el)
  let ticks = 0
  const tick = () => {
    if (!el.isConnected) return view.disconnect(), delete el.reactorPoll
    if (link.ws?.readyState == 1 && seen && (!document.hidden || ++ticks % 10 == 0)) send(el, attr.value)
    setTimeout(tick, ms)
  }
  setTimeout(tick, ms)
}

export const poll: Feature = { bind: start }
