/**
 * live — the lifecycles in flight, found by (host, queue id) without building a key string for every line.
 *
 *   `mx1 postfix/qmgr[812]: 4B7C21A0F3: removed` → live.get('mx1', '4B7C21A0F3')
 *
 * One Map from queue id to lifecycle, keyed by the lifecycle's own queue id string and checked against its host.
 * A Map iterates in insertion order, so it is also the order lifecycles were opened in, and the oldest can be
 * ended first when memory is bounded (`--max-inflight`). One table, not a Map per host plus a Set for the order:
 * ~45 bytes less per message in flight, and one lookup per line instead of two.
 *
 * Limits: one lifecycle per (host, queue id); adding a second one replaces the first (queue id reuse ends the
 * old lifecycle before a new one opens, so this happens only with a malformed state file). When two hosts have
 * the same queue id in flight at once (rare: ids encode the time in µs), the later one is keyed `host\0id`, and
 * while any such alias exists a queue id not found costs that key's string.
 */
import type { Lifecycle } from './lifecycle.js';
import { hostKey } from './hops.js';
import { flatCopy } from '../memory/flat-copy.js';

export class Live {
  readonly #byId = new Map<string, Lifecycle>();
  /** How many lifecycles are keyed `host\0id` (almost always none). */
  #aliased = 0;

  get size(): number { return this.#byId.size; }

  get(host: string, queueId: string): Lifecycle | undefined {
    const lc = this.#byId.get(queueId);
    if (lc !== undefined && lc.host === host) return lc;
    return this.#aliased === 0 ? undefined : this.#byId.get(hostKey(host, queueId));
  }

  add(lc: Lifecycle): void {
    const replaced = this.get(lc.host, lc.queueId);
    if (replaced) this.delete(replaced);
    if (!this.#byId.has(lc.queueId)) this.#byId.set(lc.queueId, lc);
    else { this.#byId.set(flatCopy(hostKey(lc.host, lc.queueId)), lc); this.#aliased++; }
  }

  delete(lc: Lifecycle): void {
    if (this.#byId.get(lc.queueId) === lc) { this.#byId.delete(lc.queueId); return; }
    if (this.#aliased === 0) return;
    const k = hostKey(lc.host, lc.queueId);
    if (this.#byId.get(k) === lc) { this.#byId.delete(k); this.#aliased--; }
  }

  /** In the order they were opened (oldest first). */
  values(): IterableIterator<Lifecycle> { return this.#byId.values(); }
}
