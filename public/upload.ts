// Uploads: a file input `:upload="<name>"` checks the chosen files against the rules the server wrote on it
// (`accept`, `:max-size`, `:max-files`), shows image previews (`img(:preview="<name>")`), then sends each file
// over the page's socket in chunks, each acknowledged with the next offset, so progress shows
// (`--upload-progress` on the input, the value of `progress(:upload-progress="<name>")`) and an upload goes on
// where it stopped after a reconnect (`reactor:progress` on the input has the fraction sent as its detail). `:upload-cancel="<name>"` cancels. When every file of the input is
// complete, the input fires `uploaded` (bind it: `@uploaded="save"`).
import { accepts } from '../src/features/uploads/accept.js'
import { hook } from './hooks.js'
import { link, put, ROOT } from './wire.js'

interface Sending {
  ref: string
  file: File
  input: Element
  name: string
}

const sending = new Map<string, Sending>()
const CHUNK = 1 << 18

/** Listens on an upload input (for files chosen) or a cancel button (for clicks), once. */
export function bindUpload(el: Element, types: Record<string, 1>): void {
  const name = el.getAttribute(':upload-cancel')
  if (types[':up'] || (!name && !el.matches('input[\\:upload]'))) return
  types[':up'] = 1
  if (name) el.addEventListener('click', () => each(el, name, (s) => (put({ t: 'upx', ref: s.ref }), sending.delete(s.ref), hook(s.input, 'cancelled'))))
  else el.addEventListener('change', () => choose(el as HTMLInputElement))
}

const each = (el: Element, name: string, fn: (s: Sending) => void) =>
  sending.forEach((s) => s.name == name && s.input.closest(ROOT) == el.closest(ROOT) && fn(s))

function choose(input: HTMLInputElement): void {
  const name = input.getAttribute(':upload')!
  const files = [...input.files!]
  const max = +input.getAttribute(':max-size')!
  const bad =
    files.length > +input.getAttribute(':max-files')! ? ['upload-too-many', `${name} takes at most ${input.getAttribute(':max-files')} file(s)`] :
    files.map((f) => f.size > max ? ['upload-too-large', `${f.name} is ${f.size} bytes; ${name} takes up to ${max}`] :
      !accepts(input.accept ? input.accept.split(',') : [], f) ? ['upload-wrong-type', `${f.name} is not accepted for ${name} (${input.accept})`] : 0).find(Boolean)
  if (bad) return hook(input, 'error', { code: bad[0], msg: bad[1] })
  each(input, name, (s) => (put({ t: 'upx', ref: s.ref }), sending.delete(s.ref)))
  for (const file of files) {
    const s = { ref: Math.random().toString(36).slice(2, 10).padEnd(8, '0') + Date.now().toString(36).slice(-8).padStart(8, '0'), file, input, name }
    sending.set(s.ref, s)
    announce(s)
    const img = input.closest(ROOT)!.querySelector<HTMLImageElement>(`img[\\:preview="${name}"]`)
    if (img && /^image\//.test(file.type)) img.src = URL.createObjectURL(file)
  }
}

function announce({ ref, file, input, name }: Sending): void {
  put({ t: 'up', id: input.closest(ROOT)!.id, n: name, ref, f: { name: file.name, type: file.type, size: file.size } })
}

/** After a reconnect, on whichever node: each upload asks where to go on from. */
export const resume = () => sending.forEach(announce)

/** A server message about an upload: the next offset to send (`up`), done (`upd`), or an error; false if none. */
export function onUpload(m: { t: string; ref?: string; at?: number }): boolean {
  const s = m.ref != null && sending.get(m.ref)
  if (!s) return m.ref != null
  const { ref, file, input } = s
  const done = m.t == 'upd' ? file.size : m.at!
  hook(input, 'progress', done / (file.size || 1))
  for (const el of [input, ...input.closest(ROOT)!.querySelectorAll(`[\\:upload-progress="${s.name}"]`)]) {
    ;(el as HTMLElement).style.setProperty('--upload-progress', `${done / (file.size || 1)}`)
    if (el instanceof HTMLProgressElement) el.value = done / (file.size || 1)
  }
  if (m.t == 'up') link.ws?.send(new Blob([ref, new Float64Array([done]), file.slice(done, done + CHUNK)]))
  else {
    sending.delete(ref)
    if (m.t == 'err') hook(input, 'error', m)
    else if (![...sending.values()].some((o) => o.input == input)) input.dispatchEvent(new CustomEvent('uploaded'))
  }
  return true
}
