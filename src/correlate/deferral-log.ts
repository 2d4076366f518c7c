/**
 * deferral-log — the deferrals an alert rule looks back on, oldest first, stored by column.
 *
 *   `smtp[5]: 4B7C21A0F3: to=<b@b.example>, relay=none, …, status=deferred (connect to mx.b.example[…]:25: …)`
 *   → push({ timeUs, domain: 'b.example', relay: 'mx.b.example', cause: 'connection_refused' })
 *
 * An outage can defer 100 000 messages inside one alert window; as columns (a time and shared strings) each
 * costs 16–32 bytes instead of an object and a boxed time apiece. Dropping the oldest moves a head index and
 * compacts now and then, so it is O(1) per deferral.
 *
 * Limits: `at` and `window` build Deferral objects on demand, for the rare moment an alert fires. A log made with
 * `full = false` keeps only times and causes (a spike's key already names its domain or relay): its entries read
 * back with domain '' and no relay.
 */
import type { Deferral } from './alert-types.js';

export class DeferralLog {
  #times: number[] = [];
  #domains: string[] = [];
  #relays: (string | undefined)[] = [];
  #causes: (string | undefined)[] = [];
  #head = 0;

  constructor(readonly full = true) {}

  static from(list: readonly Deferral[], full = true): DeferralLog {
    const log = new DeferralLog(full);
    for (const d of list) log.push(d);
    return log;
  }

  get length(): number { return this.#times.length - this.#head; }

  push(d: Deferral): void {
    this.#times.push(d.timeUs);
    this.#causes.push(d.cause);
    if (!this.full) return;
    this.#domains.push(d.domain);
    this.#relays.push(d.relay);
  }

  /** The time of the i-th oldest deferral still kept. */
  timeAt(i: number): number { return this.#times[this.#head + i]; }

  at(i: number): Deferral {
    const k = this.#head + i;
    return { timeUs: this.#times[k], domain: this.full ? this.#domains[k] : '', relay: this.full ? this.#relays[k] : undefined, cause: this.#causes[k] };
  }

  /** Forgets the deferrals at or before `us`. */
  dropUntil(us: number): void {
    while (this.#head < this.#times.length && this.#times[this.#head] <= us) this.#head++;
    if (this.#head === this.#times.length) this.#reset();
    else if (this.#head >= 1024 && this.#head * 2 >= this.#times.length) this.#compact();
  }

  /** How many are later than `fromUs`. */
  countAfter(fromUs: number): number {
    let i = this.#head;
    while (i < this.#times.length && this.#times[i] <= fromUs) i++;
    return this.#times.length - i;
  }

  /** Those in (fromUs, toUs]. */
  window(fromUs: number, toUs: number): Deferral[] {
    const out: Deferral[] = [];
    for (let i = 0; i < this.length; i++) {
      const t = this.timeAt(i);
      if (t > fromUs && t <= toUs) out.push(this.at(i));
    }
    return out;
  }

  toJSON(): Deferral[] { return Array.from({ length: this.length }, (_, i) => this.at(i)); }

  #reset(): void {
    this.#times = [];
    this.#domains = [];
    this.#relays = [];
    this.#causes = [];
    this.#head = 0;
  }

  #compact(): void {
    const h = this.#head;
    this.#times = this.#times.slice(h);
    this.#domains = this.#domains.slice(h);
    this.#relays = this.#relays.slice(h);
    this.#causes = this.#causes.slice(h);
    this.#head = 0;
  }
}
