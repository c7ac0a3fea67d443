// Uploads over HTTP: `PUT <socket path>/upload/<ticket>?at=<offset>` with a part of the file as its body, to
// any node. The ticket (signed by the socket that checked the file) says which upload and how big; the body is
// streamed into the store from `at`, which must be what the store holds as each part of it is written (so two
// requests at once cannot both append), and only while the upload lasts. The answer is the next offset
// (`{ at }`); with a shared store the socket's node then finds the file complete and hands it to the component.
import type { Context } from 'koa'
import type { KeyRing } from '../../core/keys.js'
import type { Origins } from '../../koa/origin.js'
import { sessionOf } from '../../koa/session.js'
import { shownText, type Logger } from '../../wire/errors.js'
import { StoreRefusal, type UploadStore } from './store.js'
import { openTicket } from './ticket.js'

export interface HttpUploads {
  ring: KeyRing
  store: UploadStore
  log: Logger
  origins: Origins
  /** refusals carry their details (else the generic message of their code) */
  development: boolean
}

/** Takes a PUT of part of a file with upload ticket `ticketText` (the last segment of its path). */
export async function receivePut(ctx: Context, ticketText: string, uploads: HttpUploads): Promise<void> {
  const { ring, store, log, origins } = uploads
  const refuse = (status: number, code: string, msg: string, at?: number) => answer(ctx, status, { code, msg: shownText(code, msg, uploads.development), ...(at === undefined ? {} : { at }) })
  const origin = ctx.get('origin')
  if (origin && !origins.allowed(origin, ctx.req, ctx.secure)) {
    return refuse(403, 'origin-not-allowed', `uploads from Origin ${origin} are refused; add it to the \`origins\` option if it is yours`)
  }
  const ticket = openTicket(ring, ticketText, sessionOf(ctx))
  if (typeof ticket === 'string') return refuse(403, 'upload-ticket', `${ticket}; announce the file on the socket again for a new one`)
  const at = Number(ctx.query.at)
  const stored = await store.offset(ticket.k)
  if (!Number.isSafeInteger(at) || at !== stored) return refuse(409, 'upload-out-of-order', `the store holds ${stored} bytes of this upload; send from there`, stored)
  const length = Number(ctx.get('content-length') || 0)
  const tooLarge = async () => (await store.remove(ticket.k), refuse(413, 'upload-too-large', `this upload sends more than the ${ticket.s} bytes it announced`))
  if (at + length > ticket.s) return tooLarge()
  let pos = at
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      if (pos + chunk.length > ticket.s) return await tooLarge()
      await store.append(ticket.k, pos, chunk)
      pos += chunk.length
    }
  } catch (error) {
    if (error instanceof StoreRefusal) return refuse(error.code === 'upload-gone' ? 410 : 409, error.code, error.message, error.code === 'upload-gone' ? undefined : error.at)
    // the browser went away mid-request: what arrived stays, for the next request to go on from
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as Error).message !== 'aborted') log.error('koa-reactor: the upload store failed', error)
    return refuse(500, 'upload-failed', 'the upload could not be stored; announce it again')
  } finally {
    await store.release?.(ticket.k)
  }
  answer(ctx, 200, { at: pos })
}

function answer(ctx: Context, status: number, body: object): void {
  ctx.status = status
  ctx.body = body
}
