/**
 * handoffs — a recipient handed to a relay on a loopback address (`250 2.0.0 Ok: queued as X`) waits for X to
 * tell the rest of its story. When X never appears here (a local proxy, another MTA on this host), the hand-off
 * itself is the recipient's final status: delivered (relayed), after a bounded wait.
 *
 *   `smtp[4101]: 4B7C21A0F3: to=<bob@example.net>, relay=127.0.0.1[127.0.0.1]:10025, …, status=sent (250 2.0.0 Ok: queued as 5D8E9F0A1B)`
 *   … no line about 5D8E9F0A1B within WAIT_US of log time (or before the end of input) → bob@example.net delivered.
 *
 * Limits: pending hand-offs are not checkpointed (a restart within the wait leaves the recipient without a
 * final event); at most MAX wait at once, the oldest is released first.
 */
import type { Lifecycle, Recipient } from './lifecycle.js';
import { complete, type Ops } from './outcomes.js';

/** A content filter re-injects within seconds; five minutes of log time covers a slow or restarting one. */
export const WAIT_US = 5 * 60e6;
const MAX = 10_000;

interface Waiting { lc: Lifecycle; rcpt: Recipient; next: string; dueUs: number }

export class Handoffs {
  #queue: Waiting[] = [];
  #head = 0;

  get size(): number { return this.#queue.length - this.#head; }

  wait(lc: Lifecycle, rcpt: Recipient, next: string, timeUs: number): void {
    this.#queue.push({ lc, rcpt, next, dueUs: timeUs + WAIT_US });
  }

  /**
   * Releases hand-offs due by `nowUs` (all with Infinity); `seen(host, id)` says whether X appeared (then X's own
   * lifecycle completes the recipient and nothing is emitted here).
   */
  release(ops: Pick<Ops, 'emit'>, nowUs: number, seen: (host: string, id: string) => boolean, endUs = nowUs): void {
    const q = this.#queue;
    while (this.#head < q.length && (q[this.#head].dueUs <= nowUs || q.length - this.#head > MAX)) {
      const w = q[this.#head++];
      if (!seen(w.lc.host, w.next)) complete(ops, w.lc, w.rcpt, 'delivered', Math.max(w.dueUs - WAIT_US, Math.min(endUs, w.dueUs)));
    }
    if (this.#head > 1024 && this.#head * 2 > q.length) { this.#queue = q.slice(this.#head); this.#head = 0; }
  }
}
