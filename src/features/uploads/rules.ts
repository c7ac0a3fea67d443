// What a component accepts for each of its uploads (`static uploads`), checked on the server when a file is
// announced, and written onto the input (`:upload="<name>"`) so the browser checks the same before sending.
import { escapeHtml } from '../../core/helpers.js'
import { accepts } from './accept.js'

export interface UploadRule {
  /** MIME types (`image/png`, `image/*`) or extensions (`.pdf`); default any */
  accept?: string[]
  /** bytes per file; default 8 MB */
  maxSize?: number
  /** files per upload at once; default 1 */
  maxFiles?: number
}

/** A file the browser announces: its name, MIME type and size. */
export interface Announced {
  name: string
  type: string
  size: number
}

export class UploadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

export const DEFAULT_MAX_SIZE = 8_000_000

export function rulesOf(cls: unknown): Record<string, UploadRule> {
  return (cls as { uploads?: Record<string, UploadRule> }).uploads ?? NO_RULES
}

/** (one for every component that declares no upload: it is read on every render) */
const NO_RULES: Record<string, UploadRule> = Object.freeze({})

/** Throws UploadError when `file` may not be uploaded as `name` (the `count`-th file at once). */
export function check(component: string, rules: Record<string, UploadRule>, name: string, file: Announced, count: number): UploadRule {
  const rule = Object.hasOwn(rules, name) ? rules[name] : undefined
  if (!rule) throw new UploadError('upload-not-declared', `${component} declares no upload "${name}"; add it to static uploads`)
  const max = rule.maxSize ?? DEFAULT_MAX_SIZE
  if (!Number.isSafeInteger(file.size) || file.size < 0) throw new UploadError('bad-message', 'an upload needs its file size in bytes')
  if (file.size > max) throw new UploadError('upload-too-large', `${file.name} is ${file.size} bytes; ${name} takes files up to ${max} bytes`)
  if (!accepts(rule.accept, file)) throw new UploadError('upload-wrong-type', `${file.name} (${file.type || 'no type'}) is not accepted for ${name}; it takes ${rule.accept!.join(', ')}`)
  if (count > (rule.maxFiles ?? 1)) throw new UploadError('upload-too-many', `${name} takes at most ${rule.maxFiles ?? 1} file(s) at once`)
  return rule
}

/** Writes each rule onto its input, for the browser to check files before sending them. */
export function markUploads(html: string, rules: Record<string, UploadRule>): string {
  if (rules === NO_RULES) return html
  for (const [name, rule] of Object.entries(rules)) {
    const at = ` :upload="${name}"`
    const files = rule.maxFiles ?? 1
    const extra = `${rule.accept ? ` accept="${escapeHtml(rule.accept.join(','))}"` : ''} :max-size="${rule.maxSize ?? DEFAULT_MAX_SIZE}" :max-files="${files}"${files > 1 ? ' multiple' : ''}`
    html = html.split(at).join(at + extra)
  }
  return html
}
