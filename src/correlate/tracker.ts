/**
 * tracker — keeps one Lifecycle per (host, queue id), feeds each PostfixEvent through the transitions table,
 * and emits Signals (src/correlate/signals.ts) as phases end.
 *
 *   `smtpd[77]: 4B7C21A0F3: client=a.example[192.0.2.1]` → `cleanup: 4B7C21A0F3: message-id=<x@a.example>`
 *   → `qmgr: 4B7C21A0F3: from=<a@a.example>, size=9, nrcpt=1 (queue active)`
 *   → `smtp: 4B7C21A0F3: to=<b@b.example>, …, status=sent (250 2.0.0 Ok)` → `qmgr: 4B7C21A0F3: removed`
 * Which queue ids belong to one story (filter hops, forwards, requeues, notifications) is decided in hops.ts;
 * holds, rejects, deletes and expiry are in outcomes.ts; copies of lines already applied in replay.ts.
 *
 * Limits: a line for a queue id whose lifecycle already ended (and that cannot open a new one) is counted as
 * `late` and dropped; a copy of a line already applied (rsyslog retry, replay after restore) is skipped and counted.
 * Memory is bounded by `maxInflight` (the oldest opened lifecycle is ended first) and `idleUs` (no line for that
 * long in log time); both end lifecycles as incomplete and count them as `evicted` / `idle`.
 */
import type { BounceNotification, Delivery, PostfixEvent } from '../parse/postfix-events.js';
import { DELIVERY_INPUT, newLifecycle, noteAttempt, OPENERS, step, type Input, type Lifecycle } from './lifecycle.js';
import type { CauseVerdict, Signal } from './signals.js';
import { attemptSpanKey, messageTraceKey } from './identity.js';
import { AppliedLines, lineSig } from './replay.js';
import type { TrackerState } from './snapshot.js';
import { awaitsNotice, HeldSignals, HOLD_US } from './held.js';
import { cleanupAction, complete, completeAll, expired, postsuper, reject, type Ops } from './outcomes.js';
import { Hops, hostKey as key, isHandOff, type Ended } from './hops.js';
import { BoundedMap } from '../memory/bounded-map.js';
import { Live } from './live.js';
import { Remarks } from './remarks.js';
import { Sessions, sizeLimit } from './aborts.js';
import { Handoffs } from './handoffs.js';
import { flatCopy } from '../memory/flat-copy.js';
import { SharedPeers, SharedStrings } from '../memory/shared-strings.js';
import { Checks } from './checks.js';

export type Classify = (ev: PostfixEvent) => CauseVerdict | undefined;

export interface TrackerOptions {
  traceKey: 'message-id' | 'queue-id';
  classify?: Classify;
  emit: (signal: Signal) => void;
  /** At most this many lifecycles in memory; beyond, the oldest opened is ended as incomplete. */
  maxInflight?: number;
  /** A lifecycle without a line for this long (log time, µs) is ended as incomplete. */
  idleUs?: number;
}

const MAX_PENDING = 10_000; // connects remembered before idle ones are swept
const MAX_ENDED = 10_000; // ended lifecycles a late notification line can still find

export class Tracker {
  readonly counters = { unexpected: 0, duplicates: 0, unseen: 0, opened: 0, finished: 0, replayed: 0, evicted: 0, idle: 0 };
  readonly #live = new Live();
  readonly #connects = new Map<string, number>();
  readonly #hops = new Hops();
  readonly #opts: TrackerOptions;
  readonly #applied = new AppliedLines();
  readonly #hosts = new SharedStrings();
  readonly #names = new SharedStrings();
  /**
   * The dsn and reply texts of deferred recipients, shared (lifecycle.ts `noteAttempt`). Bounded: 2 048 texts of
   * at most 512 characters (~1 MiB at worst, twice that if they are not Latin-1), so a flood of unique replies
   * (greylisting names the recipient) only makes it start over more often.
   */
  readonly #texts = new SharedStrings(2048, 512);
  /** Clients recur (one relay sends many messages): one shared record per client. */
  readonly #peers = new SharedPeers(this.#names);
  /** Signals of bounce notifications, held until we know whose notification they are (held.ts). */
  readonly #held = new HeldSignals((s) => this.#emit(s));
  /** Recipients handed to a loopback relay, waiting for the new queue id to appear (handoffs.ts). */
  readonly #handoffs = new Handoffs();
  /** smtpd sessions and the queue ids they opened, to end those Postfix discards (aborts.ts). */
  readonly #sessions = new Sessions();
  /** The SMTP client's remarks before a delivery line, by process (remarks.ts). */
  readonly #remarks = new Remarks();
  /** Identity of recently ended lifecycles, for a notification line that comes after its original ended. */
  readonly #ended = new BoundedMap<string, Ended>(MAX_ENDED);
  #nowUs = 0;
  #sweptUs = 0;
  #oldest: IterableIterator<Lifecycle> | undefined;

  /** What outcomes.ts may do to lifecycles. */
  readonly #ops: Ops = {
    open: (h, q, t, i) => this.#open(h, q, t, i),
    existing: (h, q) => this.#existing(h, q),
    live: (h, q) => this.#live.get(h, q),
    move: (lc, i, t) => this.#move(lc, i, t),
    emit: (s) => this.#emit(s),
    received: (lc, t) => this.#received(lc, t),
    finish: (lc, t, inc, rq) => this.#finish(lc, t, inc, rq),
    classify: (ev) => this.#checks.explain(ev, 'queueId' in ev && ev.queueId ? this.#live.get(ev.host, ev.queueId) : undefined, this.#opts.classify?.(ev)),
  };

  /** Verdicts of milters, policy services and filters, and mailbox stores, joined to their message. */
  readonly #checks = new Checks({
    live: (h, q) => this.#live.get(h, q),
    emit: (s) => this.#emit(s),
  });
  /** Whether a queue id was ever open here recently (live, or remembered as ended). */
  readonly #seen = (host: string, id: string): boolean => this.#live.get(host, id) !== undefined || this.#ended.has(key(host, id));

  constructor(opts: TrackerOptions) {
    this.#opts = opts;
  }

  get size(): number { return this.#live.size; }
  lifecycles(): IterableIterator<Lifecycle> { return this.#live.values(); }

  /**
   * Applies one event unless it is a copy of a line already applied; then enforces the memory bounds.
   * `restored`: the line was waiting in the reorder buffer when the restored checkpoint was taken;
   * `sig`: its `lineSig`, when the caller has it already.
   */
  apply(ev: PostfixEvent, restored = false, sig = lineSig(ev)): void {
    const qid = 'queueId' in ev ? ev.queueId : undefined;
    const skip = this.#applied.skip(ev, sig, qid ? this.#live.get(ev.host, qid) : undefined, restored);
    if (skip) { this.counters[skip === 'replayed' ? 'replayed' : 'duplicates']++; return; }
    if (this.#held.size > 0) this.#held.release(Math.max(this.#nowUs, ev.timeUs) - HOLD_US);
    if (this.#handoffs.size > 0) this.#handoffs.release(this.#ops, Math.max(this.#nowUs, ev.timeUs), this.#seen);
    this.#apply(ev);
    this.#applied.applied(ev, sig, qid ? this.#live.get(ev.host, qid) : undefined);
    if (ev.timeUs > this.#nowUs) this.#nowUs = ev.timeUs;
    this.#bound();
  }

  /** True while lines of `host` may be copies of lines the restored checkpoint covered (replay.ts). */
  resuming(host: string): boolean { return this.#applied.resuming(host); }

  /** The state to checkpoint; lifecycles are shared, not copied (serialise before the next line). */
  state(): TrackerState {
    this.#held.release(Infinity);
    return {
      lifecycles: [...this.#live.values()], connects: [...this.#connects], ...this.#hops.state(),
      watermarks: this.#applied.watermarks(), nowUs: this.#nowUs, checks: this.#checks.state(),
    };
  }

  /** Restores a checkpoint into this (fresh) tracker. */
  restore(st: TrackerState): void {
    for (const lc of st.lifecycles) this.#live.add(lc);
    for (const [k, v] of st.connects) this.#connects.set(k, v);
    this.#hops.restore(st, this.#live.values());
    this.#checks.restore(this.#live.values(), st.checks);
    this.#applied.restore(st.watermarks);
    this.#nowUs = st.nowUs;
    this.#sweptUs = st.nowUs;
  }

  #bound(): void {
    const max = this.#opts.maxInflight;
    // A long-lived iterator: a fresh values().next() walks V8's deleted slots each time (see memory/bounded-map.ts).
    while (max !== undefined && max >= 0 && this.#live.size > max) {
      let oldest = this.#oldest?.next();
      if (!oldest || oldest.done) { this.#oldest = this.#live.values(); oldest = this.#oldest.next(); }
      this.#end(oldest.value as Lifecycle, 'evicted');
    }
    const idle = this.#opts.idleUs;
    if (idle === undefined || idle <= 0 || this.#nowUs - this.#sweptUs < Math.min(idle / 10, 60e6)) return;
    this.#sweptUs = this.#nowUs;
    for (const lc of [...this.#live.values()]) if (this.#nowUs - lc.lastUs > idle) this.#end(lc, 'idle');
    if (this.#connects.size > MAX_PENDING) for (const [k, t] of this.#connects) if (this.#nowUs - t > idle) this.#connects.delete(k);
  }

  #end(lc: Lifecycle, why: 'evicted' | 'idle'): void {
    this.counters[why]++;
    completeAll(this.#ops, lc, lc.state === 'hold' ? 'held' : 'queued', lc.lastUs);
    this.#finish(lc, lc.lastUs, true);
  }

  #apply(ev: PostfixEvent): void {
    switch (ev.kind) {
      case 'smtpd.connect':
        this.#connects.set(key(ev.host, ev.pid ?? 0), ev.timeUs);
        this.#sessions.connected(ev.host, ev.pid);
        return;
      case 'smtpd.disconnect':
        this.#connects.delete(key(ev.host, ev.pid ?? 0));
        this.#sessions.disconnected(this.#ops, ev);
        return;
      case 'warning': sizeLimit(this.#ops, ev); return;
      case 'smtpd.client': {
        const lc = this.#open(ev.host, ev.queueId, ev.timeUs, 'client');
        if (!lc) return;
        lc.origin = 'smtpd';
        lc.client = this.#peers.get(ev.client);
        this.#sessions.opened(ev.host, ev.pid, lc.queueId);
        const connectedUs = this.#connects.get(key(ev.host, ev.pid ?? 0));
        lc.receiveStartUs = connectedUs !== undefined && connectedUs <= ev.timeUs ? connectedUs : ev.timeUs;
        if (ev.origQueueId) this.#hops.fromOrigQueueId(lc, this.#live.get(ev.host, ev.origQueueId));
        this.#move(lc, 'client', ev.timeUs);
        this.#checks.session(lc);
        return;
      }
      case 'pickup.uid': {
        const lc = this.#open(ev.host, ev.queueId, ev.timeUs, 'pickup');
        if (!lc) return;
        lc.origin = 'pickup';
        lc.sender = this.#names.get(ev.from);
        lc.receiveStartUs ??= ev.timeUs;
        if (ev.origId) this.#hops.fromRequeue(lc, ev.origId);
        this.#move(lc, 'pickup', ev.timeUs);
        return;
      }
      case 'cleanup.message-id': {
        const lc = this.#open(ev.host, ev.queueId, ev.timeUs, 'message-id');
        if (!lc || ev.resent) return;
        if (this.#opts.traceKey === 'message-id' && !lc.traceFixed && !lc.hop && ev.messageId.length > 0) {
          lc.traceKey = flatCopy(messageTraceKey(ev.messageId));
          // The Message-ID as a view into the trace key (`msgid|<id>`), which the lifecycle keeps anyway: a
          // 32-byte slice instead of a second copy of the id (~30 bytes less per message in flight).
          lc.messageId = lc.traceKey.slice(lc.traceKey.length - ev.messageId.length);
        } else lc.messageId = flatCopy(ev.messageId);
        this.#hops.messageId(lc);
        this.#checks.messageId(lc);
        this.#move(lc, 'message-id', ev.timeUs);
        return;
      }
      case 'cleanup.action': this.#beforeRefusal(ev.host, ev.queueId); return cleanupAction(this.#ops, ev);
      case 'smtpd.reject': if (ev.queueId) this.#beforeRefusal(ev.host, ev.queueId); return reject(this.#ops, ev);
      case 'check': return this.#checks.check(ev);
      case 'check.note': return this.#checks.note(ev);
      case 'store': return this.#checks.store(ev);
      case 'qmgr.queued': {
        const lc = this.#open(ev.host, ev.queueId, ev.timeUs, 'queued');
        if (!lc) return;
        lc.sender = this.#names.get(ev.from);
        lc.size = ev.size;
        lc.nrcpt = ev.nrcpt;
        lc.queuedUs ??= ev.timeUs;
        this.#move(lc, 'queued', ev.timeUs);
        // The bounce daemon's notification is often queued before it says whose notification it is: wait for that.
        if (awaitsNotice(lc)) this.#held.hold(key(lc.host, lc.queueId), lc);
        this.#received(lc, ev.timeUs);
        return;
      }
      case 'qmgr.removed': {
        const lc = this.#existing(ev.host, ev.queueId);
        if (!lc) return;
        this.#move(lc, 'removed', ev.timeUs);
        this.#finish(lc, ev.timeUs, false);
        return;
      }
      case 'qmgr.expired': return expired(this.#ops, ev);
      case 'delivery': return this.#delivery(ev);
      case 'bounce.notification': return this.#notification(ev);
      case 'postsuper.action': return postsuper(this.#ops, ev);
      case 'smtp.conversation': case 'smtp.connect-failed': case 'smtp.tls-failed': return this.#remarks.remark(this.#ops, ev);
      case 'inbound.trouble': this.#opts.emit({ type: 'inbound', ev }); return;
      case 'postfix.life': this.#opts.emit({ type: 'life', ev }); return;
      default:
        return;
    }
  }

  /** End of input: every message still queued is reported as `queued` (or `held`) and its root span ends here. */
  finishAll(timeUs: number): void {
    this.#held.release(Infinity);
    this.#checks.drain();
    this.#handoffs.release(this.#ops, Infinity, this.#seen, timeUs);
    for (const lc of [...this.#live.values()]) {
      completeAll(this.#ops, lc, lc.state === 'hold' ? 'held' : 'queued', Math.max(timeUs, lc.lastUs));
      this.#finish(lc, Math.max(timeUs, lc.lastUs), true);
    }
  }

  #emit(s: Signal): void {
    if ('lc' in s) {
      if (this.#held.size > 0 && this.#held.keep(key(s.lc.host, s.lc.queueId), s)) return;
      s.lc.traceFixed = true;
    }
    this.#opts.emit(s);
  }


  /** A milter or header check may refuse the message: the verdicts that waited on it leave first, in log order. */
  #beforeRefusal(host: string, queueId: string): void {
    const lc = this.#live.get(host, queueId);
    if (lc?.checks?.waiting && !lc.receivedEmitted) this.#checks.flush(lc);
  }

  #existing(host: string, queueId: string): Lifecycle | undefined {
    const lc = this.#live.get(host, queueId);
    if (!lc) this.counters.unseen++;
    return lc;
  }

  #open(host: string, queueId: string, timeUs: number, input: Input): Lifecycle | undefined {
    const found = this.#live.get(host, queueId);
    if (found) return found;
    if (!OPENERS.has(input)) { this.counters.unseen++; return undefined; }
    host = this.#hosts.get(host);
    queueId = flatCopy(queueId);
    const lc = newLifecycle(host, queueId, timeUs, input);
    this.#hops.adopt(lc);
    this.#live.add(lc);
    this.counters.opened++;
    return lc;
  }

  #move(lc: Lifecycle, input: Input, timeUs: number): void {
    const next = step(lc.state, input);
    if (next === undefined) this.counters.unexpected++;
    else lc.state = next;
    if (timeUs > lc.lastUs) lc.lastUs = timeUs;
  }

  #received(lc: Lifecycle, timeUs: number): void {
    if (lc.receivedEmitted) return;
    lc.receivedEmitted = true;
    const st = lc.checks;
    const waiting = st?.waiting;
    if (!st || !waiting) { this.#emit({ type: 'received', lc, timeUs }); return; }
    // The verdicts given while it was received leave now, in log order just before it; the receive span carries them.
    st.waiting = undefined;
    st.note = undefined;
    const checks = this.#checks.joinedOf(lc, waiting);
    for (const check of checks) this.#emit({ type: 'checked', lc, check, duringReceive: true });
    this.#emit({ type: 'received', lc, timeUs, checks });
  }

  #delivery(ev: Delivery): void {
    const input = DELIVERY_INPUT[ev.status];
    const lc = this.#open(ev.host, ev.queueId, ev.timeUs, input);
    if (!lc) return;
    this.#move(lc, input, ev.timeUs);
    const verdict = input === 'sent' ? undefined
      : this.#checks.explain(ev, lc, this.#remarks.verdictFor(ev.host, ev.pid, ev.queueId, this.#opts.classify?.(ev), ev.timeUs));
    const rcpt = noteAttempt(lc, ev, verdict, input === 'deferred' ? this.#texts : undefined);
    const stores = this.#checks.storesFor(lc, ev);
    this.#emit(stores ? { type: 'attempt', lc, ev, rcpt, attempt: rcpt.attempts, verdict, stores } : { type: 'attempt', lc, ev, rcpt, attempt: rcpt.attempts, verdict });
    if (stores) for (const store of stores) this.#emit({ type: 'stored', lc, store, attempt: { to: rcpt.to, n: rcpt.attempts } });
    // A filter on this host answering `queued as X`, or local(8) `forwarded as X`: X continues this message here,
    // and the recipient's story ends with X's delivery, not with this hand-off (so it is not counted twice).
    if (input === 'sent' && isHandOff(ev)) {
      const next = this.#live.get(ev.host, ev.queuedAs);
      this.#hops.handOff(lc, next, ev.queuedAs, attemptSpanKey(lc, rcpt.to, rcpt.attempts));
      rcpt.final = 'delivered';
      if (!next && !this.#ended.has(key(ev.host, ev.queuedAs))) this.#handoffs.wait(lc, rcpt, ev.queuedAs, ev.timeUs);
    } else if (input === 'sent') complete(this.#ops, lc, rcpt, 'delivered', ev.timeUs);
    else if (input === 'bounced') { lc.failed = true; complete(this.#ops, lc, rcpt, 'bounced', ev.timeUs, verdict); }
  }

  #notification(ev: BounceNotification): void {
    const orig = this.#live.get(ev.host, ev.queueId) ?? this.#ended.get(key(ev.host, ev.queueId));
    if (!orig) { this.counters.unseen++; return; }
    const k = key(ev.host, ev.newQueueId);
    this.#hops.notification(orig, ev, this.#live.get(ev.host, ev.newQueueId) ?? this.#held.lifecycle(k));
    this.#held.release(0, k);
  }

  #finish(lc: Lifecycle, timeUs: number, incomplete: boolean, requeued = false): void {
    this.#live.delete(lc);
    this.#ended.set(key(lc.host, lc.queueId), { host: lc.host, queueId: lc.queueId, firstUs: lc.firstUs, traceKey: lc.traceKey });
    this.#hops.forget(lc);
    this.#checks.forget(lc);
    if (requeued) this.#hops.requeued(lc);
    this.counters.finished++;
    this.#emit({ type: 'finished', lc, timeUs, incomplete });
  }
}
