/**
 * deferral-log — the deferrals an alert rule looks back on, oldest first, stored by column in chunks.
 *
 *   `smtp[5]: 4B7C21A0F3: to=<b@b.example>, relay=none, …, status=deferred (connect to mx.b.example[…]:25: …)`
 *   → push({ timeUs, domain: 'b.example', relay: 'mx.b.example', cause: 'connection_refused' })
 *
 * An outage can defer 100 000 messages inside one alert window; as columns (a time and shared strings) each
 * costs 16–32 bytes instead of an object and a boxed time apiece. The columns are cut into chunks of 1 024
 * entries: a long log never copies itself to grow (one array of 100 000 grown by push leaves ~2× its size of
 * old copies for the next full GC, and keeps up to half its length spare); dropping the oldest moves a head
 * index and lets go of a chunk once all of it is dropped, so it is O(1) per deferral.
 *
 * Limits: `at` and `window` build Deferral objects on demand, for the rare moment an alert fires. A log made with
 * `full = false` keeps only times and causes (a spike's key already names its domain or relay): its entries read
 * back with domain '' and no relay.
 */
import type { Deferral } from './alert-types.js';

/** Entries per chunk (a power of two: an index splits into chunk and offset by shifting). */
const BITS = 10;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

/** Up to CHUNK consecutive entries, by column (`domains` and `relays` stay empty in a log of times and causes). */
interface Chunk { times: number[]; domains: string[]; relays: (string | undefined)[]; causes: (string | undefined)[] }

export class DeferralLog {
  #chunks: Chunk[] = [];
  /** How many entries of the first chunk were dropped already. */
  #head = 0;
  #length = 0;

  constructor(readonly full = true) {}

  static from(list: readonly Deferral[], full = true): DeferralLog {
    const log = new DeferralLog(full);
    for (const d of list) log.push(d);
    return log;
  }

  get length(): number { return this.#length; }

  push(d: Deferral): void {
    let c = this.#chunks[this.#chunks.length - 1];
    if (c === undefined || c.times.length === CHUNK) {
      c = { times: [], domains: [], relays: [], causes: [] };
      this.#chunks.push(c);
    }
    c.times.push(d.timeUs);
    c.causes.push(d.cause);
    this.#length++;
    if (!this.full) return;
    c.domains.push(d.domain);
    c.relays.push(d.relay);
  }

  /** The time of the i-th oldest deferral still kept. */
  timeAt(i: number): number {
    const k = this.#head + i;
    return this.#chunks[k >> BITS].times[k & MASK];
  }

  at(i: number): Deferral {
    const k = this.#head + i;
    const c = this.#chunks[k >> BITS];
    const j = k & MASK;
    return { timeUs: c.times[j], domain: this.full ? c.domains[j] : '', relay: this.full ? c.relays[j] : undefined, cause: c.causes[j] };
  }

  /** Forgets the deferrals at or before `us`. */
  dropUntil(us: number): void {
    while (this.#length > 0 && this.timeAt(0) <= us) {
      this.#length--;
      if (++this.#head === CHUNK) { this.#chunks.shift(); this.#head = 0; }
    }
    if (this.#length === 0) { this.#chunks = []; this.#head = 0; }
  }

  /** How many are later than `fromUs`. */
  countAfter(fromUs: number): number {
    let i = 0;
    while (i < this.#length && this.timeAt(i) <= fromUs) i++;
    return this.#length - i;
  }

  /** Those in (fromUs, toUs]. */
  window(fromUs: number, toUs: number): Deferral[] {
    const out: Deferral[] = [];
    for (let i = 0; i < this.#length; i++) {
      const t = this.timeAt(i);
      if (t > fromUs && t <= toUs) out.push(this.at(i));
    }
    return out;
  }

  toJSON(): Deferral[] { return Array.from({ length: this.#length }, (_, i) => this.at(i)); }
}
