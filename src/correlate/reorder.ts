/**
 * reorder — a short buffer that puts lines back in log-time order before the tracker sees them.
 *
 * journald merges several sources and rsyslog retries, so `qmgr: 4B7C21A0F3: removed` can arrive a few
 * milliseconds before the last `smtp: 4B7C21A0F3: to=<…>, status=sent` line, or `qmgr … (queue active)` before
 * `smtpd … client=`. Each item waits until a line at least `windowUs` newer (log time) has arrived, or until it
 * has waited `windowUs` of wall-clock time (`due`, for a quiet live log), and leaves in (log time, arrival) order.
 *
 * An item whose key equals one still waiting is a copy (rsyslog retry, a replayed line that was saved as waiting
 * in the state file) and is dropped and counted in `duplicates`.
 *
 * Limits: one window for all hosts (a host whose clock lags the others by more than the window is passed through
 * in arrival order, as without the buffer); at most `maxItems` wait, beyond which the oldest leave early.
 * A window of 0 passes every item straight through.
 */

interface Held<T> { us: number; seq: number; atMs: number; item: T; key?: string }

export class ReorderBuffer<T> {
  readonly #windowUs: number;
  readonly #maxItems: number;
  #items: Held<T>[] = [];
  #maxUs = -Infinity;
  #seq = 0;
  readonly #keys = new Set<string>();
  duplicates = 0;

  constructor(windowUs: number, maxItems = 100_000) {
    this.#windowUs = Math.max(0, windowUs);
    this.#maxItems = Math.max(1, maxItems);
  }

  get size(): number { return this.#items.length; }

  /** The items still waiting, oldest first (for checkpoints). */
  waiting(): T[] { return this.#items.map((h) => h.item); }

  /** Adds one item; returns the items now old enough to go on, in order. */
  push(us: number, item: T, nowMs: number, key?: string): T[] {
    if (this.#windowUs === 0) return [item];
    if (key !== undefined) {
      if (this.#keys.has(key)) { this.duplicates++; return []; }
      this.#keys.add(key);
    }
    const held: Held<T> = { us, seq: this.#seq++, atMs: nowMs, item, key };
    let i = this.#items.length;
    while (i > 0 && this.#items[i - 1].us > us) i--;
    this.#items.splice(i, 0, held);
    if (us > this.#maxUs) this.#maxUs = us;
    let n = 0;
    const threshold = this.#maxUs - this.#windowUs;
    while (n < this.#items.length && this.#items[n].us <= threshold) n++;
    return this.#take(Math.max(n, this.#items.length - this.#maxItems));
  }

  /** Items that have waited at least the window in wall-clock time (and all before them in log time). */
  due(nowMs: number): T[] {
    let last = -1;
    const cutoff = nowMs - this.#windowUs / 1000;
    for (let i = 0; i < this.#items.length; i++) if (this.#items[i].atMs <= cutoff) last = i;
    return this.#take(last + 1);
  }

  /** Everything, in order (end of input, shutdown). */
  drain(): T[] { return this.#take(this.#items.length); }

  #take(n: number): T[] {
    if (n <= 0) return [];
    const out = this.#items.splice(0, n);
    for (const h of out) if (h.key !== undefined) this.#keys.delete(h.key);
    return out.map((h) => h.item);
  }
}
