// Event modifiers, `@<event>.<modifier>...`, applied left to right, so a condition guards what follows it:
// prevent, stop, clear, ctrl/alt/shift/meta, key names (enter, esc, space, tab, up, arrowup...), inlinejs,
// throttle (`throttle`, `throttle.300`) and debounce (`debounce`, `debounce.300`, the seed's `300.name.debounce`).
import { each } from './feature.js'

const KEYS: Record<string, string> = { esc: 'escape', space: ' ', up: 'arrowup', down: 'arrowdown', left: 'arrowleft', right: 'arrowright' }
const timers = new Map<unknown, number>()
const lastRun = new WeakMap<Element, number>()
const isDelay = (m?: string) => /^\d+$/.test(m!)

/** Runs `run` if the event passes the modifiers: now, after a debounce, or not at all. */
export function guard(e: Event, el: Element, mods: string[], code: string, run: () => void): void {
  const k = e as KeyboardEvent & Record<string, boolean>
  let timer: unknown
  let wait = 0
  for (let i = 0; i < mods.length; i++) {
    const m = mods[i]
    const delay = () => (isDelay(mods[i + 1]) ? +mods[++i] : 250)
    if (m == 'prevent') e.preventDefault()
    else if (m == 'clear' || (each(/* @__KEY__ */ 'modifiers') as unknown as string[]).includes(m)) continue // read after: `clear` (bind.ts empties the field once the event is sent), a capability's (commands' `js`)
    else if (m == 'stop') e.stopPropagation()
    else if (m == 'inlinejs') return new Function('event', code).call(el, e)
    else if (m == 'throttle') {
      // at most one event per delay gets past this point
      if (Date.now() - (lastRun.get(el) ?? -1e9) < delay()) return
      lastRun.set(el, Date.now())
    } else if (m == 'debounce') {
      // the seed's form names a timer that elements share: `@input.300.search.debounce`
      const seed = isDelay(mods[i - 2])
      timer = seed ? mods[i - 1] : el
      wait = seed ? +mods[i - 2] : delay()
    } else if (
      /^(ctrl|alt|shift|meta)$/.test(m)
        ? !k[`${m}Key`]
        : !isDelay(m) && !(mods[i + 1] == 'debounce' && isDelay(mods[i - 1])) && k.key?.toLowerCase() != (KEYS[m] ?? m)
    ) return
  }
  clearTimeout(timers.get(timer))
  if (timer) timers.set(timer, setTimeout(run, wait))
  else run()
}
