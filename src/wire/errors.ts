// The `err` answer a component gets. In development it names what failed and carries the details the page's
// overlay shows (the component, the handler, the stack); in production the browser gets a generic message per
// code (no error message, no path, no source line) and the log keeps the detail.
import { componentOf } from '../core/render.js'
import type { DevDetail, ServerMessage } from './protocol.js'

/** Where the app's log goes (the `logger` option; default the console): console, pino or any logger with these
 * methods; the library calls them console-style (koa/logger.ts adapts pino). */
export interface Logger {
  /** each event a socket receives (component, handler), when present and enabled */
  debug?(message: string, ...rest: any[]): void
  info?(message: string, ...rest: any[]): void
  warn(message: string, ...rest: any[]): void
  error(message: string, ...rest: any[]): void
}

/** What went wrong, for one component (id) and one of its events (q). */
export interface Failure {
  code: string
  msg: string
  id?: string
  q?: number
  /** the registered name of the component it concerns */
  component?: string
  /** the handler the event called */
  handler?: string
  /** the exception behind it, when there is one */
  error?: unknown
  /** the upload it concerns (the browser's reference) */
  ref?: string
}

const STACK_LIMIT = 8000

const TOKEN_CODES = /^(malformed|bad-algorithm|unknown-key|bad-signature|expired|wrong-session|wrong-component|wrong-id|bad-state|not-joined)$/
const PROTOCOL_CODES = /^(bad-json|bad-message|unknown-type|too-large)$/
const LIMIT_CODES = /^(rate-limited|too-many-components|too-deep|string-too-long|too-many-failures)$/
/** what an upload's refusal says in production: the rule it broke, never the file's name or the store's error */
const UPLOAD_REFUSALS: Record<string, string> = {
  'upload-too-large': 'the file is larger than this upload takes',
  'upload-wrong-type': 'this type of file is not accepted here',
  'upload-too-many': 'more files than this upload takes at once',
  'upload-out-of-order': 'a part of the file came out of order; send from the offset given',
  'upload-gone': 'this upload is over (completed, cancelled or abandoned); choose the file again',
  'upload-ticket': "this upload's ticket is refused; announce the file again for a new one",
}

/** What the browser reads in production: what kind of failure, and that the server's log has the rest. */
export function genericMessage(code: string): string {
  // nothing to hide about a limit, and the page can act on it
  if (LIMIT_CODES.test(code)) return `this page sent more than the server's limits allow (${code}); send fewer or smaller messages`
  if (Object.hasOwn(UPLOAD_REFUSALS, code)) return `${UPLOAD_REFUSALS[code]} (${code})`
  const what = PROTOCOL_CODES.test(code)
    ? 'the server refused a malformed message'
    : TOKEN_CODES.test(code)
      ? "the server refused this component's state token; reloading the page gives it a fresh one"
      : code === 'not-a-handler' || code === 'bad-arguments'
        ? 'the server refused this event'
        : code === 'forbidden'
          ? 'this component is not available to this user'
          : code === 'no-such-component'
            ? 'a message went to a component that is not on this page'
            : code === 'async-failed'
              ? 'this could not be loaded'
              : 'the server could not handle this'
  return `${what} (${code}); the details are in the server's log`
}

/**
 * What the browser may read of a failure: its own text in development, the generic message of its code in
 * production. Every answer that reaches a browser (a socket's `err`, an upload's HTTP refusal, async work's
 * `this.failed()`) goes through here, so that no exception message, path or file name leaks from production.
 */
export function shownText(code: string, msg: string, development: boolean): string {
  return development ? msg : genericMessage(code)
}

/** Engine.report: logs an exception a page will show, and gives the text it may show. */
export function reporter(log: Logger, development: boolean): (code: string, error: unknown, component: string) => string {
  return (code, error, component) => {
    const msg = String((error as Error)?.message ?? error)
    log.error(logLine({ code, msg: `${component}: ${msg}` }), error)
    return shownText(code, msg, development)
  }
}

/** The `err` message for `failure`: detailed in development, generic in production. */
export function errorAnswer(failure: Failure, development: boolean): Extract<ServerMessage, { t: 'err' }> {
  const { code, id, q, ref } = failure
  const where = { ...(id ? { id } : {}), ...(q ? { q } : {}), ...(ref ? { ref } : {}) }
  const msg = shownText(code, failure.msg, development)
  return development ? { t: 'err', ...where, code, msg, dev: detailOf(failure) } : { t: 'err', ...where, code, msg }
}

/** The component (the innermost one a render error came from), the handler, the stack (cut to a size). */
function detailOf({ component, handler, error }: Failure): DevDetail {
  const where = componentOf(error) ?? component
  const stack = error instanceof Error ? error.stack : undefined
  return {
    ...(where ? { component: where } : {}),
    ...(handler ? { handler } : {}),
    ...(stack ? { stack: stack.slice(0, STACK_LIMIT) } : {}),
  }
}

const NOTICED = /^(handler-failed|server-error)$/

/** The notice a component's failure shows the user (the `errorNotice` option's text), if any: a handler or a render. */
export function noticeFor({ code, id }: Failure, notice = ''): string | undefined {
  return notice && id && NOTICED.test(code) ? notice : undefined
}

/** The one line the log gets for a failure (the log keeps the detail in every mode). */
export function logLine({ code, msg, id, q, ref }: Failure): string {
  return `koa-reactor: ${code}${id ? ` (#${id}${q ? ` event ${q}` : ''})` : ''}${ref ? ` (upload ${ref})` : ''}: ${msg}`
}
