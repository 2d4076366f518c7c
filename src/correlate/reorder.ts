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

interface Held<T> { us: number; atMs: number; item: T; key?: string | number }

export class ReorderBuffer<T> {
  readonly #windowUs: number;
  readonly #maxItems: number;
  /** Waiting items in (log time, arrival) order from `#head` on; the slots before it have left. */
  #items: Held<T>[] = [];
  #head = 0;
  #maxUs = -Infinity;
  duplicates = 0;

  constructor(windowUs: number, maxItems = 100_000) {
    this.#windowUs = Math.max(0, windowUs);
    this.#maxItems = Math.max(1, maxItems);
  }

  get size(): number { return this.#items.length - this.#head; }

  /** The items still waiting, oldest first (for checkpoints). */
  waiting(): T[] { return this.#items.slice(this.#head).map((h) => h.item); }

  /**
   * Adds one item; returns the items now old enough to go on, in order. An item with the same `key` as one
   * still waiting is a copy: a key names one line, so both have the same log time and only the items at that
   * instant need comparing.
   */
  push(us: number, item: T, nowMs: number, key?: string | number): readonly T[] {
    if (this.#windowUs === 0) return [item];
    const items = this.#items;
    let i = items.length;
    while (i > this.#head && items[i - 1].us > us) i--;
    if (key !== undefined) {
      for (let j = i - 1; j >= this.#head && items[j].us === us; j--) {
        if (items[j].key === key) { this.duplicates++; return []; }
      }
    }
    const held: Held<T> = { us, atMs: nowMs, item, key };
    if (i === items.length) items.push(held);
    else items.splice(i, 0, held);
    if (us > this.#maxUs) this.#maxUs = us;
    let n = this.#head;
    const threshold = this.#maxUs - this.#windowUs;
    while (n < items.length && items[n].us <= threshold) n++;
    return this.#take(Math.max(n - this.#head, this.size - this.#maxItems));
  }

  /** Items that have waited at least the window in wall-clock time (and all before them in log time). */
  due(nowMs: number): readonly T[] {
    let last = -1;
    const cutoff = nowMs - this.#windowUs / 1000;
    for (let i = this.#head; i < this.#items.length; i++) if (this.#items[i].atMs <= cutoff) last = i;
    return this.#take(last + 1 - this.#head);
  }

  /** The `n` oldest, in order (a replay repeating what `due` let go at this point before). */
  release(n: number): readonly T[] { return this.#take(Math.min(n, this.size)); }

  /** Everything, in order (end of input, shutdown). */
  drain(): readonly T[] { return this.#take(this.size); }

  #take(n: number): readonly T[] {
    if (n <= 0) return NONE;
    const items = this.#items;
    const out = new Array<T>(n);
    for (let k = 0; k < n; k++) out[k] = items[this.#head + k].item;
    this.#head += n;
    // Leave the taken slots in place and compact now and then, not on every line.
    if (this.#head === items.length) { items.length = 0; this.#head = 0; }
    else if (this.#head >= 1024 && this.#head * 2 >= items.length) { items.splice(0, this.#head); this.#head = 0; }
    return out;
  }
}

const NONE: readonly never[] = [];
