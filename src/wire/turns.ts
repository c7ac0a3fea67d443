// Turns of the event loop: a socket with messages waiting handles one of them per turn, so that one socket's
// flood does not keep the others waiting (a message that finds none waiting is handled as it arrives). One
// setImmediate serves every socket of a turn (a promise chain and a setImmediate of its own for each message
// cost more than the rest of the socket's part of an event).

/** A socket with messages waiting: `turn()` starts on its next one. */
export interface Queued {
  turn(): void
}

let due: Queued[] = []

function runTurn(): void {
  const now = due
  due = []
  for (const queued of now) queued.turn()
}

/** `queued` starts on its next message in the next turn of the event loop. */
export function nextTurn(queued: Queued): void {
  if (due.length === 0) setImmediate(runTurn)
  due.push(queued)
}
