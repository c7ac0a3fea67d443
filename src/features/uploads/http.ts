// Uploads over HTTP: `PUT <socket path>/upload/<ticket>?at=<offset>` with a part of the file as its body, to
// any node. The ticket (signed by the socket that checked the file) says which upload and how big; the body is
// streamed into the store from `at`, which must be what the store holds. The answer is the next offset
// (`{ at }`); with a shared store the socket's node then finds the file complete and hands it to the component.
import type { Context } from 'koa'
import type { KeyRing } from '../../core/keys.js'
import type { Origins } from '../../koa/origin.js'
import { sessionOf } from '../../koa/session.js'
import type { Logger } from '../../wire/host.js'
import type { UploadStore } from './store.js'
import { openTicket } from './ticket.js'

export interface HttpUploads {
  ring: KeyRing
  store: UploadStore
  log: Logger
  origins: Origins
}

/** Takes a PUT of part of a file with upload ticket `ticketText` (the last segment of its path). */
export async function receivePut(ctx: Context, ticketText: string, { ring, store, log, origins }: HttpUploads): Promise<void> {
  const origin = ctx.get('origin')
  if (origin && !origins.allowed(origin, ctx.req, ctx.secure)) {
    return answer(ctx, 403, { code: 'origin-not-allowed', msg: `uploads from Origin ${origin} are refused; add it to the \`origins\` option if it is yours` })
  }
  const ticket = openTicket(ring, ticketText, sessionOf(ctx))
  if (typeof ticket === 'string') return answer(ctx, 403, { code: 'upload-ticket', msg: `${ticket}; announce the file on the socket again for a new one` })
  const at = Number(ctx.query.at)
  const stored = await store.offset(ticket.k)
  if (!Number.isSafeInteger(at) || at !== stored) return answer(ctx, 409, { code: 'upload-out-of-order', msg: `the store holds ${stored} bytes of this upload; send from there`, at: stored })
  const length = Number(ctx.get('content-length') || 0)
  if (at + length > ticket.s) return tooLarge(ctx, store, ticket.k, ticket.s)
  let pos = at
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      if (pos + chunk.length > ticket.s) return await tooLarge(ctx, store, ticket.k, ticket.s)
      await store.append(ticket.k, pos, chunk)
      pos += chunk.length
    }
  } catch (error) {
    // the browser went away mid-request: what arrived stays, for the next request to go on from
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as Error).message !== 'aborted') log.error('koa-reactor: the upload store failed', error)
    return answer(ctx, 500, { code: 'upload-failed', msg: 'the upload could not be stored; announce it again' })
  } finally {
    await store.release?.(ticket.k)
  }
  answer(ctx, 200, { at: pos })
}

async function tooLarge(ctx: Context, store: UploadStore, key: string, size: number): Promise<void> {
  await store.remove(key)
  answer(ctx, 413, { code: 'upload-too-large', msg: `this upload sends more than the ${size} bytes it announced` })
}

function answer(ctx: Context, status: number, body: object): void {
  ctx.status = status
  ctx.body = body
}
