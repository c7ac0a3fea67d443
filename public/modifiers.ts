// Event modifiers, `on:<event>.<modifier>...`: prevent, stop, ctrl/alt/shift/meta, key names,
// debounce (`debounce.300`, or the seed's `300.name.debounce`), throttle (`throttle.300`), inlinejs.

const KEYS: Record<string, string> = {
  esc: 'escape', space: ' ', up: 'arrowup', down: 'arrowdown', left: 'arrowleft', right: 'arrowright', del: 'delete',
}
const timers = new Map<string, number>()
const lastRun = new WeakMap<EventTarget, Map<string, number>>()

const isDelay = (m?: string) => m !== undefined && /^\d+$/.test(m)

/** Runs `run` if the event passes the modifiers: now, after a debounce, or not at all. */
export function modifiersPass(e: Event, el: Element, mods: string[], code: string, run: () => void): void {
  const key = ((e as KeyboardEvent).key ?? '').toLowerCase()
  let debounce: [string, number] | undefined
  let throttle = 0
  for (let i = 0; i < mods.length; i++) {
    const m = mods[i]
    if (m === 'prevent') e.preventDefault()
    else if (m === 'stop') e.stopPropagation()
    else if (m === 'ctrl' || m === 'alt' || m === 'shift' || m === 'meta') {
      if (!(e as KeyboardEvent)[`${m}Key`]) return
    } else if (m === 'debounce') {
      debounce = isDelay(mods[i + 1]) ? [`${e.type}:${code}`, +mods[++i]] : [mods[i - 1] ?? code, isDelay(mods[i - 2]) ? +mods[i - 2] : 250]
    } else if (m === 'throttle') throttle = isDelay(mods[i + 1]) ? +mods[++i] : 250
    else if (m === 'inlinejs') return void new Function('event', code).call(el, e)
    else if (!isDelay(m) && !(mods[i + 1] === 'debounce' && isDelay(mods[i - 1])) && key !== (KEYS[m] ?? m)) return
  }
  if (throttle) {
    const runs = lastRun.get(el) ?? new Map<string, number>()
    lastRun.set(el, runs)
    if (Date.now() - (runs.get(e.type) ?? 0) < throttle) return
    runs.set(e.type, Date.now())
  }
  if (!debounce) return run()
  clearTimeout(timers.get(debounce[0]))
  timers.set(debounce[0], window.setTimeout(run, debounce[1]))
}
