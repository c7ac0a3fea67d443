// A file sent over a joined socket as the browser client sends it: announced, then 256 KiB chunks, each sent
// when the node acknowledges the one before with the next offset. Resolves when the node says it is complete.
import type WebSocket from 'ws'

export const CHUNK = 1 << 18

export function uploadOverSocket(ws: WebSocket, id: string, ref: string, data: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw))
      if (m.t === 'err') return reject(new Error(m.msg))
      if (m.t === 'upd') return resolve()
      if (m.t !== 'up') return
      const header = Buffer.alloc(24)
      header.write(ref, 0, 'latin1')
      header.writeDoubleLE(m.at, 16)
      ws.send(Buffer.concat([header, data.subarray(m.at, m.at + CHUNK)]))
    })
    ws.send(JSON.stringify({ t: 'up', id, n: 'file', ref, f: { name: 'big.bin', type: 'application/octet-stream', size: data.length } }))
  })
}
