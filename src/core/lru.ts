// A small least-recently-used map: the node's short memory, never the only copy of anything.
// Two generations of `capacity` entries each: an entry used again moves to the young one, and a full young
// generation becomes the old one (the old is dropped). So the `capacity` entries used last are always kept,
// and at most twice as many. (One Map that drops its oldest entry costs about 10 µs a set once full: V8
// leaves each deleted entry as a hole that the iterator for the next oldest walks over.)
export class Lru<K, V> {
  private young = new Map<K, V>()
  private old = new Map<K, V>()

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const older = this.old.get(key)
    if (older !== undefined) this.set(key, older)
    return older
  }

  set(key: K, value: V): void {
    this.young.set(key, value)
    if (this.young.size < this.capacity) return
    this.old = this.young
    this.young = new Map()
  }
}
