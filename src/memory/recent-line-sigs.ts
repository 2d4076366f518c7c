/**
 * recent-line-sigs — remembers the signatures of the most recent lines (replay.ts `lineSig`, 53-bit numbers), to
 * recognise an rsyslog retry of a line whose lifecycle has already ended.
 *
 *   add(0x1b2c3d4e5f607) … 50 000 other lines … has(0x1b2c3d4e5f607) → true
 *
 * Two generations of an open-addressing table in a Float64Array: new signatures go into the current one; when
 * it holds `size` of them, it becomes the previous one and the old previous one is cleared for reuse. So the
 * last `size` signatures are always remembered, and at most 2 × `size`. No per-line object is allocated (a Map
 * of numbers this large boxes each key, and evicting from it costs more than the lookup).
 *
 * Limits: 0 is the empty slot, so the signature 0 is stored as 1 (one extra collision in 2^53).
 */
export class RecentLineSigs {
  readonly #mask: number;
  readonly #size: number;
  #current: Float64Array;
  #previous: Float64Array;
  #count = 0;

  /** Remembers at least the last `size` signatures added. */
  constructor(size: number) {
    this.#size = Math.max(1, size);
    let capacity = 16;
    while (capacity < this.#size * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#current = new Float64Array(capacity);
    this.#previous = new Float64Array(capacity);
  }

  has(sig: number): boolean {
    const s = sig === 0 ? 1 : sig;
    return RecentLineSigs.#find(this.#current, this.#mask, s) || RecentLineSigs.#find(this.#previous, this.#mask, s);
  }

  add(sig: number): void {
    const s = sig === 0 ? 1 : sig;
    const table = this.#current;
    const mask = this.#mask;
    let i = (s >>> 0) & mask;
    while (table[i] !== 0) {
      if (table[i] === s) return;
      i = (i + 1) & mask;
    }
    if (this.#count === this.#size) {
      const cleared = this.#previous.fill(0);
      this.#previous = table;
      this.#current = cleared;
      this.#count = 0;
      this.add(s);
      return;
    }
    table[i] = s;
    this.#count++;
  }

  static #find(table: Float64Array, mask: number, s: number): boolean {
    let i = (s >>> 0) & mask;
    for (let v = table[i]; v !== 0; v = table[i]) {
      if (v === s) return true;
      i = (i + 1) & mask;
    }
    return false;
  }
}
