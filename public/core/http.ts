// The HTTP transport, where WebSockets do not get through (src/koa/http/): an object shaped like the WebSocket
// the socket uses (readyState, send, close, onopen, onmessage, onclose), so the core takes its frames alike.
// Frames come down an EventSource, whose first event is the stream's ticket (and its Last-Event-ID): one stream,
// or long polls where a proxy buffers the stream (the server ends it and answers each request the EventSource
// makes again with what waits). Frames go up in POSTs, one after the other, in order.

export function overHttp(url: string): WebSocket {
  let key = ''
  let sent: Promise<unknown> = Promise.resolve()
  const es = new EventSource(url)
  const t = {
    readyState: 0,
    send: (frame: string) => (sent = sent.then(() => fetch(url + '&k=' + key, { method: 'POST', body: frame })).then((r) => r.ok || t.close(), t.close)),
    close: () => t.readyState < 3 && ((t.readyState = 3), es.close(), t.onclose!(t as never)),
  } as unknown as { -readonly [K in keyof WebSocket]: WebSocket[K] }
  es.onmessage = (e) => (key ? t.onmessage!(e) : ((key = e.data), (t.readyState = 1), t.onopen!(e)))
  // the stream's node is gone, or its ticket refused (a broken stream asks again with it, and finds it gone)
  es.onerror = () => es.readyState > 1 && t.close()
  return t as unknown as WebSocket
}
