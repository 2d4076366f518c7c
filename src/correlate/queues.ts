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
import type { PostfixEvent } from '../parse/events.js';
import { queueOf } from './lifecycle.js';
import type { Signal } from './signals.js';

export type QueueName = 'incoming' | 'active' | 'deferred' | 'hold';
export const QUEUE_NAMES: readonly QueueName[] = ['incoming', 'active', 'deferred', 'hold'];
/** Queues that hold mail waiting to be delivered (hold is a policy decision, not a backlog). */
export const WAITING: readonly QueueName[] = ['incoming', 'active', 'deferred'];

interface Entry { queue: QueueName; sinceUs: number }

export interface QueueSnapshot {
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
  readonly #hosts = new Map<string, Map<string, Entry>>();
  readonly #counts = new Map<string, Record<QueueName, number>>();
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
    if (!t.has(ev.queueId)) this.#set(ev.host, t, ev.queueId, { queue: 'incoming', sinceUs: ev.timeUs });
  }

  /** A correlator signal: the message's queue follows its lifecycle state; `finished` removes it. */
  signal(s: Signal): void {
    if (!('lc' in s)) return;
    const { host, queueId } = s.lc;
    const t = this.#table(host);
    const q = s.type === 'finished' ? undefined : queueOf(s.lc.state);
    if (!q) { this.#delete(host, t, queueId); return; }
    const prev = t.get(queueId);
    if (!prev) { this.#set(host, t, queueId, { queue: q, sinceUs: s.lc.firstUs }); return; }
    // Most signals leave the message where it was; a move updates the entry in place (no object per signal).
    if (prev.queue !== q) {
      const c = this.#counts.get(host) as Record<QueueName, number>;
      c[prev.queue]--;
      c[q]++;
      prev.queue = q;
    }
    if (s.lc.firstUs < prev.sinceUs) prev.sinceUs = s.lc.firstUs;
  }

  count(host: string, queues: readonly QueueName[] = WAITING): number {
    const c = this.#counts.get(host);
    if (!c) return 0;
    let n = 0;
    for (const q of queues) n += c[q];
    return n;
  }

  snapshot(host: string, atUs: number): QueueSnapshot {
    const oldestUs: Partial<Record<QueueName, number>> = {};
    for (const e of this.#hosts.get(host)?.values() ?? []) {
      const o = oldestUs[e.queue];
      if (o === undefined || e.sinceUs < o) oldestUs[e.queue] = e.sinceUs;
    }
    return { host, atUs, exactSinceUs: this.#since.get(host) ?? atUs, counts: { ...(this.#counts.get(host) ?? zero()) }, oldestUs };
  }

  /** Plain JSON for the state file: per host `[queueId, queue, sinceUs]`. */
  state(): QueuesState {
    const hosts: QueuesState['hosts'] = {};
    for (const [h, t] of this.#hosts) hosts[h] = [...t].map(([id, e]) => [id, e.queue, e.sinceUs]);
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
        this.#set(h, t, id, { queue: q, sinceUs: since });
      }
    }
    for (const [h, t] of since) this.#since.set(h, Math.min(this.#since.get(h) ?? t, t));
  }

  /** Replaces the host's picture with Postfix's listing; returns what differed. */
  reconcile(host: string, listing: readonly ListedMessage[], atUs: number): Reconciliation {
    const t = this.#table(host);
    const derived = { ...(this.#counts.get(host) ?? zero()) };
    const listed = zero();
    const ids = new Set<string>();
    let added = 0;
    let removed = 0;
    for (const m of listing) {
      listed[m.queue]++;
      ids.add(m.queueId);
      const prev = t.get(m.queueId);
      if (!prev) added++;
      this.#set(host, t, m.queueId, { queue: m.queue, sinceUs: Math.min(prev?.sinceUs ?? m.arrivalUs, m.arrivalUs) });
    }
    for (const id of [...t.keys()]) if (!ids.has(id)) { this.#delete(host, t, id); removed++; }
    const difference = zero();
    for (const q of QUEUE_NAMES) difference[q] = listed[q] - derived[q];
    return { host, atUs, difference, listed, derived, added, removed };
  }

  #table(host: string): Map<string, Entry> {
    let t = this.#hosts.get(host);
    if (!t) { t = new Map(); this.#hosts.set(host, t); this.#counts.set(host, zero()); }
    return t;
  }

  #set(host: string, t: Map<string, Entry>, id: string, e: Entry): void {
    const c = this.#counts.get(host) as Record<QueueName, number>;
    const prev = t.get(id);
    if (prev) c[prev.queue]--;
    c[e.queue]++;
    t.set(id, e);
  }

  #delete(host: string, t: Map<string, Entry>, id: string): void {
    const prev = t.get(id);
    if (!prev) return;
    (this.#counts.get(host) as Record<QueueName, number>)[prev.queue]--;
    t.delete(id);
  }
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
