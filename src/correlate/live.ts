/**
 * live — the lifecycles in flight, found by (host, queue id) without building a key string for every line.
 *
 *   `mx1 postfix/qmgr[812]: 4B7C21A0F3: removed` → live.get('mx1', '4B7C21A0F3')
 *
 * Per host, a Map from queue id to lifecycle, keyed by the lifecycle's own queue id string; a Set keeps the
 * order lifecycles were opened in, so the oldest can be ended first when memory is bounded (`--max-inflight`).
 *
 * Limits: one lifecycle per (host, queue id); adding a second one replaces the first (queue id reuse ends the
 * old lifecycle before a new one opens, so this happens only with a malformed state file).
 */
import type { Lifecycle } from './lifecycle.js';

export class Live {
  readonly #byHost = new Map<string, Map<string, Lifecycle>>();
  readonly #order = new Set<Lifecycle>();

  get size(): number { return this.#order.size; }

  get(host: string, queueId: string): Lifecycle | undefined {
    return this.#byHost.get(host)?.get(queueId);
  }

  add(lc: Lifecycle): void {
    let ids = this.#byHost.get(lc.host);
    if (!ids) { ids = new Map(); this.#byHost.set(lc.host, ids); }
    const replaced = ids.get(lc.queueId);
    if (replaced) this.#order.delete(replaced);
    ids.set(lc.queueId, lc);
    this.#order.add(lc);
  }

  delete(lc: Lifecycle): void {
    const ids = this.#byHost.get(lc.host);
    if (ids?.get(lc.queueId) !== lc) return;
    ids.delete(lc.queueId);
    if (ids.size === 0) this.#byHost.delete(lc.host);
    this.#order.delete(lc);
  }

  /** In the order they were opened (oldest first). */
  values(): IterableIterator<Lifecycle> { return this.#order.values(); }
}
