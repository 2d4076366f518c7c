/**
 * queues — which messages sit in which Postfix queue (incoming, active, deferred, hold), derived from the log.
 *
 *   `cleanup[9]: 4B7C21A0F3: message-id=<x@a.example>`                       → incoming
 *   `qmgr[3]: 4B7C21A0F3: from=<a@a.example>, size=9, nrcpt=1 (queue active)` → active
 *   `smtp[5]: 4B7C21A0F3: to=<b@b.example>, …, status=deferred (…)`            → deferred
 *   `qmgr[3]: 4B7C21A0F3: removed`                                             → gone
 * After every signal the message's queue is `queueOf(lc.state)` (src/correlate/lifecycle.ts); `finished` removes
 * it. `reconcile` corrects the picture from Postfix's own listing (`postqueue -j`) and reports the difference.
 *
 * Limits (honest by design): the log never lists the queue, so a message queued before the input began is
 * counted only once a line about it appears; a host's counts are exact only since `exactSinceUs(host)`, the
 * time of its first line.
 * A message counts as incoming from cleanup's `message-id=` (so sessions abandoned before DATA never count); a
 * session aborted after its headers stays incoming until the tracker forgets it. Pure: no I/O, no clock.
 */
import type { PostfixEvent } from '../parse/postfix-events.js';
import { queueOf } from '../correlate/lifecycle.js';
import type { Signal } from '../correlate/signals.js';

export type QueueName = 'incoming' | 'active' | 'deferred' | 'hold';
export const QUEUE_NAMES: readonly QueueName[] = ['incoming', 'active', 'deferred', 'hold'];
/** Queues that hold mail waiting to be delivered (hold is a policy decision, not a backlog). */
const WAITING: readonly QueueName[] = ['incoming', 'active', 'deferred'];

export interface QueuePicture {
  host: string;
  atUs: number;
  exactSinceUs: number;
  counts: Record<QueueName, number>;
  /** Arrival time (first seen, or `arrival_time` from a reconciliation) of the oldest message per queue. */
  oldestUs: Partial<Record<QueueName, number>>;
}

/** One message of Postfix's JSON queue listing (`postqueue -j`, Postfix ≥ 3.1), reduced to what is needed. */
export interface ListedMessage { queue: QueueName; queueId: string; arrivalUs: number }

/** `since`: per host, the time of its first line (absent in files from before it was per host). */
export interface QueuesState { since?: Record<string, number>; hosts: Record<string, [string, QueueName, number][]> }

export interface Reconciliation {
  host: string;
  atUs: number;
  /** listed − derived, per queue, before the correction. */
  difference: Record<QueueName, number>;
  listed: Record<QueueName, number>;
  derived: Record<QueueName, number>;
  added: number;
  removed: number;
}

const zero = (): Record<QueueName, number> => ({ incoming: 0, active: 0, deferred: 0, hold: 0 });

export class QueueTracker {
  /** Per host, per queue: queue id → since (µs). The maps' sizes are the counts (no record per message). */
  readonly #hosts = new Map<string, HostQueues>();
  readonly #since = new Map<string, number>();

  /** Time of the host's first line: its counts are exact from here on. */
  exactSinceUs(host: string): number | undefined { return this.#since.get(host); }

  hosts(): string[] { return [...this.#hosts.keys()]; }

  /** Every input line's time (the first one starts the exact period). */
  seen(host: string, timeUs: number): void {
    const since = this.#since.get(host);
    if (since === undefined || timeUs < since) this.#since.set(host, timeUs);
    this.#table(host);
  }

  /** A raw event: cleanup's `message-id=` puts a message not yet tracked in `incoming`. */
  event(ev: PostfixEvent): void {
    if (ev.kind !== 'cleanup.message-id') return;
    const t = this.#table(ev.host);
    if (queueOfId(t, ev.queueId) === undefined) t.incoming.set(ev.queueId, ev.timeUs);
  }

  /** A correlator signal: the message's queue follows its lifecycle state; `finished` removes it. */
  signal(s: Signal): void {
    if (!('lc' in s)) return;
    const { host, queueId, firstUs } = s.lc;
    const t = this.#table(host);
    const q = s.type === 'finished' ? undefined : queueOf(s.lc.state);
    const prev = queueOfId(t, queueId);
    if (!q) { if (prev) t[prev].delete(queueId); return; }
    // Most signals leave the message where it was; keyed by the lifecycle's own queue id string.
    const since = prev === undefined ? firstUs : Math.min(t[prev].get(queueId) as number, firstUs);
    if (prev !== undefined && prev !== q) t[prev].delete(queueId);
    if (prev !== q || since !== t[q].get(queueId)) t[q].set(queueId, since);
  }

  count(host: string, queues: readonly QueueName[] = WAITING): number {
    const t = this.#hosts.get(host);
    if (!t) return 0;
    let n = 0;
    for (const q of queues) n += t[q].size;
    return n;
  }

  /** The queue picture of `host` at `atUs` (counts and oldest message per queue). */
  picture(host: string, atUs: number): QueuePicture {
    const t = this.#hosts.get(host);
    const counts = zero();
    const oldestUs: Partial<Record<QueueName, number>> = {};
    if (t) {
      for (const q of QUEUE_NAMES) {
        counts[q] = t[q].size;
        for (const since of t[q].values()) if (oldestUs[q] === undefined || since < (oldestUs[q] as number)) oldestUs[q] = since;
      }
    }
    return { host, atUs, exactSinceUs: this.#since.get(host) ?? atUs, counts, oldestUs };
  }

  /** Plain JSON for the state file: per host `[queueId, queue, sinceUs]`. */
  state(): QueuesState {
    const hosts: QueuesState['hosts'] = {};
    for (const [h, t] of this.#hosts) hosts[h] = QUEUE_NAMES.flatMap((q) => [...t[q]].map(([id, since]): [string, QueueName, number] => [id, q, since]));
    return { since: Object.fromEntries(this.#since), hosts };
  }

  /** Continues from a saved picture (after a restart with `--state-file`); throws on a malformed one. */
  restore(s: QueuesState): void {
    if (typeof s !== 'object' || s === null || typeof s.hosts !== 'object' || s.hosts === null) throw new Error('queue state: malformed');
    const since = Object.entries(s.since ?? {});
    if (since.some(([, t]) => !Number.isFinite(t))) throw new Error('queue state: malformed since');
    for (const [h, entries] of Object.entries(s.hosts)) {
      const t = this.#table(h);
      for (const [id, q, since] of entries) {
        if (typeof id !== 'string' || !QUEUE_NAMES.includes(q) || !Number.isFinite(since)) throw new Error('queue state: malformed entry');
        move(t, id, q, since);
      }
    }
    for (const [h, t] of since) this.#since.set(h, Math.min(this.#since.get(h) ?? t, t));
  }

  /** Replaces the host's picture with Postfix's listing; returns what differed. */
  reconcile(host: string, listing: readonly ListedMessage[], atUs: number): Reconciliation {
    const t = this.#table(host);
    const derived = this.picture(host, atUs).counts;
    const listed = zero();
    const ids = new Set<string>();
    let added = 0;
    let removed = 0;
    for (const m of listing) {
      listed[m.queue]++;
      ids.add(m.queueId);
      const prev = queueOfId(t, m.queueId);
      if (prev === undefined) added++;
      move(t, m.queueId, m.queue, Math.min(prev === undefined ? m.arrivalUs : t[prev].get(m.queueId) as number, m.arrivalUs));
    }
    for (const q of QUEUE_NAMES) for (const id of [...t[q].keys()]) if (!ids.has(id)) { t[q].delete(id); removed++; }
    const difference = zero();
    for (const q of QUEUE_NAMES) difference[q] = listed[q] - derived[q];
    return { host, atUs, difference, listed, derived, added, removed };
  }

  #table(host: string): HostQueues {
    let t = this.#hosts.get(host);
    if (!t) { t = { incoming: new Map(), active: new Map(), deferred: new Map(), hold: new Map() }; this.#hosts.set(host, t); }
    return t;
  }
}

type HostQueues = Record<QueueName, Map<string, number>>;

/** The queue a message is in (most are active or incoming: looked at first). */
function queueOfId(t: HostQueues, id: string): QueueName | undefined {
  for (const q of SEARCH_ORDER) if (t[q].has(id)) return q;
  return undefined;
}
const SEARCH_ORDER: readonly QueueName[] = ['active', 'incoming', 'deferred', 'hold'];

function move(t: HostQueues, id: string, q: QueueName, since: number): void {
  const prev = queueOfId(t, id);
  if (prev !== undefined && prev !== q) t[prev].delete(id);
  t[q].set(id, since);
}

const QUEUE_OF_LISTING: Record<string, QueueName> = { maildrop: 'incoming', incoming: 'incoming', active: 'active', deferred: 'deferred', hold: 'hold' };

/**
 * Postfix's `postqueue -j` output: one JSON object per line,
 *   `{"queue_name": "deferred", "queue_id": "4B7C21A0F3", "arrival_time": 1795796581, "message_size": 1834, …}`.
 * Lines that are not such objects are skipped and counted.
 */
export function parseQueueListing(text: string): { messages: ListedMessage[]; bad: number } {
  const messages: ListedMessage[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as { queue_name?: unknown; queue_id?: unknown; arrival_time?: unknown };
      const queue = typeof o.queue_name === 'string' ? QUEUE_OF_LISTING[o.queue_name] : undefined;
      if (!queue || typeof o.queue_id !== 'string' || typeof o.arrival_time !== 'number') { bad++; continue; }
      messages.push({ queue, queueId: o.queue_id, arrivalUs: Math.round(o.arrival_time * 1e6) });
    } catch {
      bad++;
    }
  }
  return { messages, bad };
}
