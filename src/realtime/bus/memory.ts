// The default bus: one process, no network.
import { Channels, type Bus, type Listener } from './bus.js'

export class MemoryBus implements Bus {
  readonly channels = new Channels()

  async publish(name: string): Promise<void> {
    this.channels.published++
    // delivered once the code that published has run on, as over Redis: a component joined in the same
    // message as the publisher (a presence list after the one on its topic) is listening by then
    await undefined
    this.channels.deliver(name)
  }

  subscribe(name: string, listener: Listener): () => void {
    return this.channels.add(name, listener)
  }

  async close(): Promise<void> {}
}
