/**
 * bounded — a Map that forgets its oldest entries beyond a fixed size, in O(1).
 *
 * Used for what the correlator remembers "for a while": signatures of recent lines (to skip rsyslog's retries),
 * recently ended lifecycles (for a notification line that comes late), pending hop hints.
 *
 * Why not `map.delete(map.keys().next().value)`: V8's ordered hash tables keep deleted entries as holes at the
 * front until the next rehash, so fetching the first key after many deletions walks all those holes — a
 * quadratic slowdown on long replays. A ring of keys beside the Map avoids it.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #ring: (K | undefined)[];
  #next = 0;

  constructor(readonly max: number) {
    this.#ring = new Array<K | undefined>(Math.max(1, max));
  }

  get size(): number { return this.#map.size; }
  has(k: K): boolean { return this.#map.has(k); }
  get(k: K): V | undefined { return this.#map.get(k); }
  delete(k: K): boolean { return this.#map.delete(k); }
  entries(): IterableIterator<[K, V]> { return this.#map.entries(); }
  [Symbol.iterator](): IterableIterator<[K, V]> { return this.#map.entries(); }

  set(k: K, v: V): this {
    if (!this.#map.has(k)) {
      const old = this.#ring[this.#next];
      // A key deleted and set again holds two slots; the older one may evict it early, which only shortens
      // how long it is remembered.
      if (old !== undefined && this.#map.has(old)) this.#map.delete(old);
      this.#ring[this.#next] = k;
      this.#next = (this.#next + 1) % this.#ring.length;
    }
    this.#map.set(k, v);
    return this;
  }
}
