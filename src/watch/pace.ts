/**
 * pace — how fast one host normally logs and delivers, learned from its own lines over the last 24 h of log
 * time, so `log_silence` and `delivery_stalled` wait as long as this host's normal pauses instead of a fixed time.
 *
 *   a quiet mailbox server: 100 Postfix lines an hour → 100 lines take ~60 min → silence after ~60 min
 *   a busy relay: 3 000 lines an hour → 2 min → silence after the floor, `--silence-minutes` (10)
 * `expectUs(n, kind)` is the time this host takes, on average over the window, for n lines (or deliveries);
 * Infinity while fewer than n were seen in the window (nothing learned yet: no pace-based alert).
 *
 * Limits: hourly buckets, so the window is 23–24 h; a daily rhythm (busy days, empty nights) is averaged.
 * Pure; times are microseconds of log time.
 */
const HOUR = 3_600_000_000;
const BUCKETS = 24;

export interface PaceState { startUs: number; firstUs: number; lines: number[]; deliveries: number[] }

export class Pace {
  /** Start of the newest bucket. */
  #startUs: number;
  #firstUs: number;
  #lines = new Array<number>(BUCKETS).fill(0);
  #deliveries = new Array<number>(BUCKETS).fill(0);
  #lineSum = 0;
  #deliverySum = 0;

  constructor(firstUs: number, saved?: PaceState) {
    this.#firstUs = firstUs;
    this.#startUs = Math.floor(firstUs / HOUR) * HOUR;
    if (saved) {
      this.#startUs = saved.startUs;
      this.#firstUs = saved.firstUs;
      this.#lines = saved.lines.slice(0, BUCKETS);
      this.#deliveries = saved.deliveries.slice(0, BUCKETS);
      this.#lineSum = this.#lines.reduce((a, b) => a + b, 0);
      this.#deliverySum = this.#deliveries.reduce((a, b) => a + b, 0);
    }
  }

  state(): PaceState {
    return { startUs: this.#startUs, firstUs: this.#firstUs, lines: [...this.#lines], deliveries: [...this.#deliveries] };
  }

  line(timeUs: number): void { this.#roll(timeUs); this.#lines[0]++; this.#lineSum++; }
  delivery(timeUs: number): void { this.#roll(timeUs); this.#deliveries[0]++; this.#deliverySum++; }

  /** Log time this host takes for `n` lines or deliveries at its pace over the window up to `atUs`; Infinity if unknown. */
  expectUs(n: number, kind: 'lines' | 'deliveries', atUs: number): number {
    const seen = kind === 'lines' ? this.#lineSum : this.#deliverySum;
    if (n <= 0 || seen < n) return Infinity;
    const span = Math.min(BUCKETS * HOUR, Math.max(atUs - this.#firstUs, HOUR / 60), atUs - (this.#startUs - (BUCKETS - 1) * HOUR));
    return (span / seen) * n;
  }

  #roll(timeUs: number): void {
    if (timeUs < this.#startUs + HOUR) return;
    const steps = Math.floor((timeUs - this.#startUs) / HOUR);
    for (let i = 0; i < Math.min(steps, BUCKETS); i++) {
      this.#lineSum -= this.#lines.pop() as number;
      this.#deliverySum -= this.#deliveries.pop() as number;
      this.#lines.unshift(0);
      this.#deliveries.unshift(0);
    }
    this.#startUs += steps * HOUR;
  }
}

export function checkPaceState(v: unknown): PaceState | undefined {
  if (v === undefined) return undefined;
  const s = v as PaceState;
  const nums = (a: unknown): boolean => Array.isArray(a) && a.length === BUCKETS && a.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);
  if (typeof s !== 'object' || s === null || !Number.isFinite(s.startUs) || !Number.isFinite(s.firstUs) || !nums(s.lines) || !nums(s.deliveries)) {
    throw new Error('alert state: malformed pace');
  }
  return s;
}
