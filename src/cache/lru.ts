// A bounded map that forgets the least recently used entries first. A Map keeps insertion order,
// so re-inserting an entry on use makes the first key the least recently used one. Re-inserting on
// every hit would cost two Map operations per request for the hottest entries; an entry is moved
// only once it has drifted into the older half, which keeps the order LRU-like for what matters
// (what is about to be evicted) at a fraction of the cost.
//
// When it was last moved is kept on the entry itself (`lruStamp`), not in a wrapper around it: a
// wrapper object per entry cost about 40 bytes for each of the hundreds of thousands of entries
// the caches hold (issue 24). So a value is an object of its own, held under one key of one Lru.

/** What an Lru holds: an object it may stamp (one key, one Lru; the stamp is the Lru's alone). */
export interface LruEntry {
  lruStamp: number;
}

export class Lru<K, V extends LruEntry> {
  readonly max: number;
  #map = new Map<K, V>();
  #clock = 0;

  /** `max` 0 holds nothing (the cache is off). */
  constructor(max: number) {
    this.max = Math.max(0, max);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    if (this.#clock - value.lruStamp > this.max >> 1) {
      this.#map.delete(key);
      value.lruStamp = ++this.#clock;
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    if (this.max === 0) return;
    const old = this.#map.get(key);
    if (old !== undefined) this.#map.delete(key);
    else if (this.#map.size >= this.max) this.#evictOldest();
    value.lruStamp = ++this.#clock;
    this.#map.set(key, value);
  }

  /** The value without counting it as a use. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  keys(): IterableIterator<K> {
    return this.#map.keys();
  }

  delete(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.onEvict?.(key, value);
    return value;
  }

  clear(): void {
    this.#map.clear();
    this.onCleared?.();
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  /** Called when an entry leaves (evicted to make room, or deleted), not on clear(). */
  onEvict?: (key: K, value: V) => void;
  onCleared?: () => void;

  #evictOldest(): void {
    const first = this.#map.keys().next();
    if (first.done) return;
    const value = this.#map.get(first.value)!;
    this.#map.delete(first.value);
    this.onEvict?.(first.value, value);
  }
}
