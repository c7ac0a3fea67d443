// Uploads: a file input `:upload="<name>"` checks the chosen files against the rules the server wrote on it
// (`accept`, `:max-size`, `:max-files`), shows image previews (`img(:preview="<name>")`), then sends each file
// in parts, each acknowledged with the next offset: PUT over HTTP with the ticket the socket gives where any node
// can take them, else over the page's socket; so progress shows
// (`--upload-progress` on the input, the value of `progress(:upload-progress="<name>")`), a refusal's message shows
// in `:upload-errors="<name>"` elements (kept through renders until the next choice), and an upload goes on
// where it stopped after a reconnect (`reactor:progress` on the input has the fraction sent as its detail). `:upload-cancel="<name>"` cancels. When every file of the input is
// complete, the input fires `uploaded` (bind it: `@uploaded="save"`).
import { accepts } from '../../src/features/uploads/accept.js'
import { CHUNK, PART, UPLOAD_PATH } from '../../src/features/uploads/parts.js'
import type { Feature, Message } from '../core/feature.js'
import { hook } from '../core/hooks.js'
import { link, me, put, ROOT } from '../core/wire.js'

interface Sending {
  ref: string
  file: File
  input: Element
  name: string
  /** 1: HTTP failed for this file, its bytes go over the socket */
  h?: 1
  /** HTTP requests failed so far */
  e: number
  /** the PUT in flight */
  x?: XMLHttpRequest
}

const sending = new Map<string, Sending>()
const attr = (el: Element, name: string) => el.getAttribute(name)!
const mine = (el: Element, name: string) => [...sending.values()].filter((s) => s.name == name && s.input.closest(ROOT) == el.closest(ROOT))
const drop = (s: Sending) => (sending.delete(s.ref), s.x?.abort(), put({ t: 'upx', ref: s.ref }))

/** Listens on an upload input (for files chosen) or a cancel button (for clicks), once. */
function bind(el: Element, types: Record<string, 1>): void {
  const name = attr(el, ':upload-cancel')
  if (types[':up'] || (!name && !el.matches('input[\\:upload]'))) return
  types[':up'] = 1
  if (name) el.addEventListener('click', () => mine(el, name).forEach((s) => (drop(s), hook(s.input, 'cancelled'))))
  else el.addEventListener('change', () => choose(el as HTMLInputElement))
}

function choose(input: HTMLInputElement): void {
  const name = attr(input, ':upload')
  const files = [...input.files!]
  const [max, most] = [+attr(input, ':max-size'), +attr(input, ':max-files')]
  const bad =
    files.length > most ? ['upload-too-many', `${name}: at most ${most} file(s)`] :
    files.map((f) => f.size > max ? ['upload-too-large', `${f.name}: over ${max} bytes`] :
      !accepts(input.accept ? input.accept.split(',') : [], f) ? ['upload-wrong-type', `${f.name}: not ${input.accept}`] : 0).find(Boolean)
  if (bad) return refuse(input, { code: bad[0], msg: bad[1] })
  shownErrors(input, name, '')
  mine(input, name).forEach(drop)
  for (const file of files) {
    const s: Sending = { ref: Array.from({ length: 16 }, () => ((Math.random() * 36) | 0).toString(36)).join(''), file, input, name, e: 0 }
    sending.set(s.ref, s)
    announce(s)
    const img = input.closest(ROOT)!.querySelector<HTMLImageElement>(`img[\\:preview="${name}"]`)
    if (img && /^image\//.test(file.type)) img.src = URL.createObjectURL(file)
  }
}

function announce({ ref, file, input, name, h }: Sending): void {
  put({ t: 'up', id: input.closest(ROOT)!.id, n: name, ref, f: { name: file.name, type: file.type, size: file.size }, h })
}

/**
 * PUTs the next part of the file to any node with ticket `u`, with progress as it goes; the answer says where to
 * go on from. When the bytes are all sent, the file is announced again (the socket's node finds it complete). A
 * refusal (a 4xx: a proxy's body limit, say) sends the rest over the socket, and so do three failed requests
 * (a network error or a 5xx: a node that died mid-request is one).
 */
function viaHttp(s: Sending, at: number, u: string): void {
  const x = (s.x = new XMLHttpRequest())
  x.open('PUT', `${me.dataset.url}${UPLOAD_PATH}${u}?at=${at}`)
  x.responseType = 'json'
  x.upload.onprogress = (e) => shown(s, at + e.loaded)
  x.onloadend = () => {
    const b = x.response
    if (!(b?.at >= 0)) s.h = (x.status && x.status < 500) || ++s.e > 2 ? 1 : s.h
    if (sending.has(s.ref)) b?.at < s.file.size ? take({ t: 'up', ref: s.ref, at: b.at, u }) : announce(s)
  }
  x.send(s.file.slice(at, at + PART))
}

/** Shows `done` bytes of the file sent: `reactor:progress`, `--upload-progress`, and `progress` elements. */
function shown({ file, input, name }: Sending, done: number): void {
  const part = done / (file.size || 1)
  hook(input, 'progress', part)
  for (const el of [input, ...input.closest(ROOT)!.querySelectorAll(`[\\:upload-progress="${name}"]`)]) {
    ;(el as HTMLElement).style.setProperty('--upload-progress', `${part}`)
    if (el instanceof HTMLProgressElement) el.value = part
  }
}

/** A refusal: `reactor:error` on the input, its message in the component's `:upload-errors="<name>"` elements. */
function refuse(input: Element, m: { code?: string; msg?: string }): void {
  shownErrors(input, attr(input, ':upload'), m.msg!)
  hook(input, 'error', m)
}

/** Shows `msg` in the `:upload-errors` elements of upload `name` (hidden when there is none). */
function shownErrors(input: Element, name: string, msg: string): void {
  for (const el of input.closest(ROOT)!.querySelectorAll<HTMLElement>(`[\\:upload-errors="${name}"]`)) (el.textContent = msg), (el.hidden = !msg)
}

/** A server message about an upload: the next offset to send (`up`), done (`upd`), or an error; false if none. */
function take(m: Pick<Message, 't' | 'ref' | 'at' | 'u' | 'code' | 'msg'>): boolean {
  const s = m.ref != null && sending.get(m.ref)
  if (!s) return m.ref != null
  const { ref, file, input } = s
  const done = m.t == 'upd' ? file.size : m.at!
  m.t == 'err' || shown(s, done)
  if (m.t == 'up') return m.u ? viaHttp(s, done, m.u) : link.ws?.send(new Blob([ref, new Float64Array([done]), file.slice(done, done + CHUNK)])), true
  sending.delete(ref)
  if (m.t == 'err') refuse(input, m)
  else if (!mine(input, s.name).some((o) => o.input == input)) input.dispatchEvent(new CustomEvent('uploaded'))
  return true
}

export const uploads: Feature = {
  bind,
  take,
  // after a reconnect, on whichever node: each upload asks where to go on from
  connected: (open) => open && sending.forEach(announce),
  // (a refusal the client showed stays until the next choice)
  update: (from) => from.matches('[\\:upload-errors]'),
}
