/**
 * held — signals of a bounce notification kept back until Postfix says whose notification it is.
 *
 * The bounce daemon's new message is often queued, and with postlogd even delivered and removed, before
 *   `bounce: 91B2C3D4E5: sender non-delivery notification: A6E7F8091A`
 * is written. Its signals wait here so that its received event, spans and completions all carry the link to
 * the original (`mta.notification`, `mta.orig_queue_id`, a span link). They leave when that line arrives, after
 * HOLD_US of log time without it, before a checkpoint, and at end of input.
 *
 * Limits: only messages that look like the bounce daemon's (no smtpd/pickup line, null sender) are held.
 */
import type { Lifecycle } from './lifecycle.js';
import type { Signal } from './signals.js';

/** How long (log time) a notification's signals wait for the line that names its original. */
export const HOLD_US = 5e6;

/** A message the bounce daemon created: no smtpd or pickup line, null sender, not yet told whose notice it is. */
export const awaitsNotice = (lc: Lifecycle): boolean =>
  lc.sender === '' && lc.origin === undefined && !lc.notice && !lc.hop && lc.complete;

export class HeldSignals {
  readonly #held = new Map<string, { lc: Lifecycle; signals: Signal[] }>();
  readonly #emit: (s: Signal) => void;

  constructor(emit: (s: Signal) => void) {
    this.#emit = emit;
  }

  get size(): number { return this.#held.size; }

  /** From now on, this lifecycle's signals wait. */
  hold(k: string, lc: Lifecycle): void {
    if (!this.#held.has(k)) this.#held.set(k, { lc, signals: [] });
  }

  lifecycle(k: string): Lifecycle | undefined { return this.#held.get(k)?.lc; }

  /** Keeps the signal if its lifecycle is held; false when it should go out now. */
  keep(k: string, s: Signal & { lc: Lifecycle }): boolean {
    const h = this.#held.get(k);
    if (h?.lc !== s.lc) return false;
    h.signals.push(s);
    return true;
  }

  /** Lets out those last heard of before `beforeUs` (everything with Infinity), or just `only`. */
  release(beforeUs: number, only?: string): void {
    for (const [k, h] of this.#held) {
      if (only !== undefined ? k !== only : h.lc.lastUs >= beforeUs) continue;
      this.#held.delete(k);
      for (const s of h.signals) this.#emit(s);
    }
  }
}
