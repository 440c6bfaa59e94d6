// A bounded map that forgets the least recently used entries first. A Map keeps insertion order,
// so re-inserting an entry on use makes the first key the least recently used one. Re-inserting on
// every hit would cost two Map operations per request for the hottest entries; an entry is moved
// only once it has drifted into the older half, which keeps the order LRU-like for what matters
// (what is about to be evicted) at a fraction of the cost.
export class Lru<K, V> {
  readonly max: number;
  #map = new Map<K, { value: V; stamp: number }>();
  #clock = 0;

  /** `max` 0 holds nothing (the cache is off). */
  constructor(max: number) {
    this.max = Math.max(0, max);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    if (this.#clock - slot.stamp > this.max >> 1) {
      this.#map.delete(key);
      slot.stamp = ++this.#clock;
      this.#map.set(key, slot);
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    if (this.max === 0) return;
    const old = this.#map.get(key);
    if (old !== undefined) this.#map.delete(key);
    else if (this.#map.size >= this.max) this.#evictOldest();
    this.#map.set(key, { value, stamp: ++this.#clock });
  }

  /** The value without counting it as a use. */
  peek(key: K): V | undefined {
    return this.#map.get(key)?.value;
  }

  keys(): IterableIterator<K> {
    return this.#map.keys();
  }

  delete(key: K): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    this.#map.delete(key);
    this.onEvict?.(key, slot.value);
    return slot.value;
  }

  clear(): void {
    this.#map.clear();
    this.onCleared?.();
  }

  values(): IterableIterator<V> {
    const it = this.#map.values();
    return (function* () {
      for (const slot of it) yield slot.value;
    })();
  }

  /** Called when an entry leaves (evicted to make room, or deleted), not on clear(). */
  onEvict?: (key: K, value: V) => void;
  onCleared?: () => void;

  #evictOldest(): void {
    const first = this.#map.keys().next();
    if (first.done) return;
    const slot = this.#map.get(first.value)!;
    this.#map.delete(first.value);
    this.onEvict?.(first.value, slot.value);
  }
}
