/**
 * hops — which queue ids tell one story: a content filter's re-injection, a local forward, a requeue, and a
 * bounce or delay notification about an earlier message.
 *
 *   `smtp: 3F1A52C0B1: to=<b@example.org>, relay=127.0.0.1[127.0.0.1]:10024, …, status=sent (250 2.0.0 Ok: queued as 7C3D19E0F2)`
 *   `smtpd: 7C3D19E0F2: client=localhost[127.0.0.1], orig_queue_id=3F1A52C0B1, orig_client=…`     (XFORWARD)
 *   `local: 4B7C21A0F3: to=<x@example.org>, relay=local, …, status=sent (forwarded as 5D8E9F0A1B)`
 *   `pickup: 5D8E9F0A1B: uid=0 from=<a@example.org> orig_id=4B7C21A0F3`                             (postsuper -r)
 *   `bounce: 91B2C3D4E5: sender non-delivery notification: A6E7F8091A`
 * A hop joins the earlier trace; a notification gets its own trace with a link back (lifecycle.ts `Notice`).
 *
 * Postfix logs these in either order: a filter re-injects (and the new queue id may even finish) before the
 * first queue id logs `queued as`, and the bounce daemon's new queue id is often queued before the
 * `sender non-delivery notification` line. So hints are kept both ways: pending (the new id is not open yet)
 * and late (the new id is open and is updated in place). Without XFORWARD, a re-injected copy is recognised
 * when it arrives from a loopback client with the Message-ID of a message still live on the same host.
 *
 * Limits: pending hints are kept for at most MAX_PENDING queue ids each. Once a new queue id's spans have left,
 * a late hop can no longer move it into the earlier trace (with `--trace-key message-id` it is there anyway).
 */
import type { BounceNotification, Delivery, Peer } from '../parse/postfix-events.js';
import type { Hop, Lifecycle, Notice } from './lifecycle.js';
import { BoundedMap } from '../memory/bounded-map.js';
import { spanKeyOf } from './identity.js';

const MAX_PENDING = 10_000;
const REQUEUE = 'requeue\u0000';

/** What is remembered of a lifecycle that ended, for a notification line that names it late. */
export type Ended = Pick<Lifecycle, 'host' | 'queueId' | 'firstUs' | 'traceKey'>;

export const hostKey = (host: string, id: string | number): string => `${host}\u0000${id}`;

/** A relay or client on this host: the other end of a content filter. */
export const isLoopback = (address: string | undefined): boolean =>
  address !== undefined && (address.startsWith('127.') || address === '::1' || address === 'ipv6:::1');

const isLocalPeer = (p: Peer | undefined): boolean => p !== undefined && isLoopback(p.address);

/**
 * `250 2.0.0 Ok: queued as X` from a content filter on this host (relay on 127.0.0.0/8, `::1`, `ipv6:::1`), or
 * local(8) `forwarded as X`: the message goes on here as X, so this `status=sent` is not a final delivery.
 */
export const isHandOff = (ev: Delivery): ev is Delivery & { queuedAs: string } => ev.queuedAs !== undefined && (isLoopback(ev.relay.address) || ev.relay.name === 'local');

export class Hops {
  readonly #pending = new BoundedMap<string, Hop>(MAX_PENDING);
  readonly #notices = new BoundedMap<string, Notice>(MAX_PENDING);
  /** Per host, Message-ID → its first live lifecycle (keyed by the lifecycle's own string: no key is built). */
  readonly #byMessageId = new Map<string, Map<string, Lifecycle>>();

  /** A lifecycle just opened picks up what earlier lines said about its queue id. */
  adopt(lc: Lifecycle): void {
    const k = hostKey(lc.host, lc.queueId);
    const hop = this.#pending.get(k);
    if (hop) { this.#pending.delete(k); this.#join(lc, hop); }
    const notice = this.#notices.get(k);
    if (notice) { this.#notices.delete(k); lc.notice = notice; }
  }

  /** smtpd `orig_queue_id=` (XFORWARD from a content filter). */
  fromOrigQueueId(lc: Lifecycle, prev: Lifecycle | undefined): void {
    if (prev && !lc.hop && prev !== lc) this.#join(lc, { kind: 'filter', prevQueueId: prev.queueId, traceKey: prev.traceKey, parentSpanKey: spanKeyOf(prev) });
  }

  /** pickup `orig_id=`: the message `postsuper -r` requeued under a new queue id. */
  fromRequeue(lc: Lifecycle, prevQueueId: string): void {
    const k = REQUEUE + hostKey(lc.host, prevQueueId);
    const hop = this.#pending.get(k);
    if (!hop || lc.hop) return;
    this.#pending.delete(k);
    this.#join(lc, hop);
  }

  /** The requeued lifecycle ended; its successor will name it in `orig_id=`. */
  requeued(lc: Lifecycle): void {
    this.#pending.set(REQUEUE + hostKey(lc.host, lc.queueId), { kind: 'requeue', prevQueueId: lc.queueId, traceKey: lc.traceKey });
  }

  /** cleanup `message-id=`: index it, and join a loopback re-injection of a message still live here. */
  messageId(lc: Lifecycle): void {
    if (!lc.messageId) return;
    const ids = this.#messageIds(lc.host);
    const prev = ids.get(lc.messageId);
    if (prev && prev !== lc && !lc.hop && isLocalPeer(lc.client)) {
      this.#join(lc, { kind: 'filter', prevQueueId: prev.queueId, traceKey: prev.traceKey, parentSpanKey: spanKeyOf(prev) });
    } else if (!prev) {
      ids.set(lc.messageId, lc);
    }
  }

  /** `queued as X` from a filter on this host, or local(8) `forwarded as X`. */
  handOff(lc: Lifecycle, next: Lifecycle | undefined, nextQueueId: string, parentSpanKey: string): void {
    const hop: Hop = { kind: 'filter', prevQueueId: lc.queueId, traceKey: lc.traceKey, parentSpanKey };
    if (!next) this.#pending.set(hostKey(lc.host, nextQueueId), hop);
    else if (!next.hop && next !== lc) this.#join(next, hop);
  }

  /** `sender non-delivery notification: X`; returns X's lifecycle when it is already open. */
  notification(orig: Ended, ev: BounceNotification, next: Lifecycle | undefined): Lifecycle | undefined {
    const notice: Notice = { type: ev.notification, origQueueId: orig.queueId, origTraceKey: orig.traceKey, origSpanKey: spanKeyOf(orig) };
    if (!next) { this.#notices.set(hostKey(ev.host, ev.newQueueId), notice); return undefined; }
    if (!next.notice) next.notice = notice;
    return next;
  }

  /** The lifecycle ended: it can no longer be the first queue id of a re-injection. */
  forget(lc: Lifecycle): void {
    if (!lc.messageId) return;
    const ids = this.#byMessageId.get(lc.host);
    if (ids?.get(lc.messageId) !== lc) return;
    ids.delete(lc.messageId);
    if (ids.size === 0) this.#byMessageId.delete(lc.host);
  }

  state(): { hops: [string, Hop][]; notices: [string, Notice][] } {
    return { hops: [...this.#pending], notices: [...this.#notices] };
  }

  restore(st: { hops: [string, Hop][]; notices: [string, Notice][] }, live: Iterable<Lifecycle>): void {
    for (const [k, v] of st.hops) this.#pending.set(k, v);
    for (const [k, v] of st.notices) this.#notices.set(k, v);
    for (const lc of live) if (lc.messageId && !lc.hop) this.#messageIds(lc.host).set(lc.messageId, lc);
  }

  #messageIds(host: string): Map<string, Lifecycle> {
    let ids = this.#byMessageId.get(host);
    if (!ids) { ids = new Map(); this.#byMessageId.set(host, ids); }
    return ids;
  }

  /** A hop moves the lifecycle into the earlier trace unless its own spans have already left. */
  #join(lc: Lifecycle, hop: Hop): void {
    lc.hop = lc.traceFixed ? { ...hop, traceKey: lc.traceKey } : hop;
    if (!lc.traceFixed) lc.traceKey = hop.traceKey;
  }

}
