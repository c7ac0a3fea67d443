// A file sent over a joined socket as the browser client sends it: announced, then 256 KiB chunks, each sent
// when the node acknowledges the one before with the next offset. Resolves when the node says it is complete.
import type WebSocket from 'ws'
import { CHUNK } from '../../src/features/uploads/parts.js'
import { chunkFrame } from '../../src/features/uploads/receiver.js'

export function uploadOverSocket(ws: WebSocket, id: string, ref: string, data: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw))
      if (m.t === 'err') return reject(new Error(m.msg))
      if (m.t === 'upd') return resolve()
      if (m.t !== 'up') return
      ws.send(chunkFrame(ref, m.at, data.subarray(m.at, m.at + CHUNK)))
    })
    ws.send(JSON.stringify({ t: 'up', id, n: 'file', ref, f: { name: 'big.bin', type: 'application/octet-stream', size: data.length } }))
  })
}
