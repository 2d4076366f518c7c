/**
 * checks — joins the verdicts and stores of the programs beside Postfix (parse/check-events.ts) to the message
 * they are about, and says which check explains a reject or a bounce.
 *
 *   `opendkim: 4B7C21A0F3: DKIM verification successful`            → by queue id: that lifecycle
 *   `policyd-spf: prepend Received-SPF: Pass … client-ip=192.0.2.1; … envelope-from=a@example.net`
 *        → no queue id: kept until smtpd logs `4B7C21A0F3: client=…[192.0.2.1]` within SESSION_US, then that
 *          lifecycle's once qmgr confirms the sender (`from=<a@example.net>`)
 *   `amavis: … Queue-ID: 4B7C21A0F3, … queued_as: 7C3D19E0F2, 96 ms` → by Queue-ID (else queued_as, else Message-ID)
 *   `dovecot: lmtp(b@example.org)…: msgid=<x@example.net>: saved mail to INBOX` → the latest live queue id on
 *        that host with that Message-ID (the one delivering over LMTP), else the last one that ended
 * A verdict logged while the message is still being received waits on the lifecycle (`checks`) until the receive
 * phase ends, so it leaves with the trace id the message keeps; later ones leave at once. A store waits for the
 * LMTP/local delivery line of its user (Dovecot logs it just before Postfix does), so it lands on that attempt.
 *
 * Limits: a policy verdict whose client sends two messages at once from one address may go to the other one
 * (no smtpd pid in the policy line); a verdict that finds no message leaves without a trace, counted as unjoined.
 * What waits (on a lifecycle, for a session) and the ended queue ids and Message-IDs are checkpointed (snapshot.ts).
 */
import type { Check, CheckNote, Store } from '../parse/check-events.js';
import type { Delivery, PostfixEvent } from '../parse/postfix-events.js';
import { BoundedMap } from '../memory/bounded-map.js';
import type { Ended } from './hops.js';
import type { CheckState, Lifecycle } from './lifecycle.js';
import type { CauseVerdict, Signal } from './signals.js';

/** How long (log time) a policy verdict waits for the smtpd `client=` line of its session. */
export const SESSION_US = 120e6;
const MAX_SESSIONS = 4096;
/**
 * Ended lifecycles remembered for late verdicts and stores: they come milliseconds after `removed`, and this
 * table is in every checkpoint (two keys each, ~250 bytes of JSON per lifecycle).
 */
const MAX_ENDED = 2_000;
/** Delivery agents that hand a message to a mailbox (Dovecot LMTP, local(8) → deliver/dovecot-lda, virtual, pipe). */
const MAILBOX_TRANSPORTS: ReadonlySet<string> = new Set(['lmtp', 'local', 'virtual', 'pipe']);

/** Verdicts that, when a message is refused, explain the refusal as an authentication failure. */
const AUTH_FAILURES: ReadonlySet<string> = new Set(['fail', 'softfail', 'permerror']);
const AUTH_KINDS: ReadonlySet<string> = new Set(['dkim', 'dmarc', 'spf']);

/** What the join needs from the tracker. */
export interface CheckOps {
  live(host: string, queueId: string): Lifecycle | undefined;
  emit(s: Signal): void;
}

interface Waiting { ev: Check; host: string }

const isAuthFailure = (c: Check): boolean => AUTH_KINDS.has(c.check) && AUTH_FAILURES.has(c.result);

/** Of the failed checks, the one the reply names (`… DMARC policy …`), else DMARC, then SPF, then DKIM. */
function mostTelling(failures: readonly Check[] | undefined, reply: string | undefined): Check | undefined {
  if (!failures || failures.length === 0) return undefined;
  const text = (reply ?? '').toLowerCase();
  for (const kind of ['dmarc', 'spf', 'dkim']) {
    const c = failures.find((f) => f.check === kind);
    if (c && text.includes(kind)) return c;
  }
  for (const kind of ['dmarc', 'spf', 'dkim']) {
    const c = failures.find((f) => f.check === kind);
    if (c) return c;
  }
  return undefined;
}

function lastOf<T>(list: readonly T[] | undefined, ok: (x: T) => boolean): T | undefined {
  if (list) for (let i = list.length - 1; i >= 0; i--) if (ok(list[i])) return list[i];
  return undefined;
}

const stateOf = (lc: Lifecycle): CheckState => (lc.checks ??= { waiting: undefined, note: undefined, signed: false, failed: undefined, stores: undefined });

export class Checks {
  readonly counters = { joined: 0, unjoined: 0 };
  readonly #ops: CheckOps;
  /** Policy verdicts (no queue id) waiting for their session's `client=` line, by host and client address. */
  readonly #sessions = new BoundedMap<string, Waiting[]>(MAX_SESSIONS);
  /** Per host and Message-ID, the latest live lifecycle that carries it (the one a mailbox store is about). */
  readonly #byMessageId = new Map<string, Lifecycle>();
  /**
   * Ended lifecycles by queue id (`q|host|id`) and by Message-ID (`m|host|id`), for a verdict or store that comes
   * after its message ended. Checkpointed, so a restart finds the same ones an uninterrupted run would.
   */
  readonly #ended = new BoundedMap<string, Ended>(2 * MAX_ENDED);
  /** Hosts where OpenDKIM was seen signing: a remote DMARC reject of an unsigned message is then explained. */
  readonly #signingHosts = new Set<string>();

  constructor(ops: CheckOps) {
    this.#ops = ops;
  }

  /** A verdict line. */
  check(ev: Check): void {
    if (ev.result === 'signed') this.#signingHosts.add(ev.host);
    if (ev.queueId === undefined && ev.messageId === undefined && ev.clientAddress !== undefined) {
      const k = `${ev.host}\u0000${ev.clientAddress}`;
      const list = this.#sessions.get(k);
      this.#expire(ev.timeUs);
      if (list) list.push({ ev, host: ev.host });
      else this.#sessions.set(k, [{ ev, host: ev.host }]);
      return;
    }
    const lc = (ev.queueId !== undefined ? this.#ops.live(ev.host, ev.queueId) : undefined)
      ?? (ev.queuedAs !== undefined ? this.#ops.live(ev.host, ev.queuedAs) : undefined)
      ?? (ev.messageId !== undefined ? this.#byMessageId.get(`${ev.host}\u0000${ev.messageId}`) : undefined);
    if (lc) return this.#attach(lc, ev);
    const ended = (ev.queueId !== undefined ? this.#ended.get(`q\u0000${ev.host}\u0000${ev.queueId}`) : undefined)
      ?? (ev.messageId !== undefined ? this.#ended.get(`m\u0000${ev.host}\u0000${ev.messageId}`) : undefined);
    this.#out(ev, undefined, ended);
  }

  /** OpenDKIM's `s=… d=… SSL` line: the selector and domain of the DKIM verdict beside it. */
  note(ev: CheckNote): void {
    const lc = this.#ops.live(ev.host, ev.queueId);
    if (!lc) return;
    const st = stateOf(lc);
    const waiting = lastOf(st.waiting, (c) => c.check === 'dkim' && c.domain === undefined);
    if (waiting) { waiting.domain = ev.domain; waiting.selector = ev.selector; return; }
    st.note = { selector: ev.selector, domain: ev.domain };
  }

  /** A mailbox store. */
  store(ev: Store): void {
    const k = `${ev.host}\u0000${ev.messageId}`;
    const lc = this.#byMessageId.get(k);
    if (lc) {
      // It leaves with the delivery line it is about (the LMTP/local attempt just after it), or when lc ends.
      this.counters.joined++;
      const st = stateOf(lc);
      st.stores = st.stores ? st.stores.concat(ev) : [ev];
      return;
    }
    const ended = this.#ended.get(`m\u0000${k}`);
    if (ended) this.counters.joined++;
    else this.counters.unjoined++;
    this.#ops.emit(ended ? { type: 'unattached', ended, item: ev } : { type: 'unattached', item: ev });
  }

  /** smtpd `client=`: the policy verdicts of that client's session join this lifecycle. */
  session(lc: Lifecycle): void {
    const address = lc.client?.address;
    if (address === undefined || this.#sessions.size === 0) return;
    const k = `${lc.host}\u0000${address}`;
    const list = this.#sessions.get(k);
    if (!list) return;
    this.#sessions.delete(k);
    for (const w of list) {
      if (lc.firstUs - w.ev.timeUs <= SESSION_US) this.#attach(lc, w.ev);
      else this.#out(w.ev);
    }
  }

  /** cleanup `message-id=`: the lifecycle a store or a Message-ID-keyed verdict with that id is about. */
  messageId(lc: Lifecycle): void {
    if (lc.messageId) this.#byMessageId.set(`${lc.host}\u0000${lc.messageId}`, lc);
  }

  /**
   * Of the verdicts that waited on `lc` during its receive phase, those about it: a policy verdict is, only if
   * its sender is the message's (a session can carry several messages); the others leave without a trace.
   */
  joinedOf(lc: Lifecycle, waiting: readonly Check[]): Check[] {
    const out: Check[] = [];
    for (const ev of waiting) {
      if (ev.queueId === undefined && ev.sender !== undefined && lc.sender !== undefined && ev.sender.toLowerCase() !== lc.sender.toLowerCase()) {
        this.#out(ev);
        continue;
      }
      this.counters.joined++;
      out.push(ev);
    }
    return out;
  }

  /** The message was refused or ended before its receive phase did: what waited on it leaves now. */
  flush(lc: Lifecycle): void {
    const waiting = lc.checks?.waiting;
    if (!waiting || !lc.checks) return;
    lc.checks.waiting = undefined;
    lc.checks.note = undefined;
    for (const check of this.joinedOf(lc, waiting)) this.#ops.emit({ type: 'checked', lc, check });
  }

  /**
   * A delivery attempt: the stores waiting on `lc` that it is about — a mailbox transport's attempt for the
   * store's user (or the only store waiting) — taken off the lifecycle.
   */
  storesFor(lc: Lifecycle, ev: Delivery): Store[] | undefined {
    const st = lc.checks;
    if (!st?.stores || !MAILBOX_TRANSPORTS.has(ev.program)) return undefined;
    const to = ev.to.toLowerCase();
    const mine = st.stores.filter((s) => { const u = s.user.toLowerCase(); return u === to || u === ev.origTo?.toLowerCase() || to.startsWith(`${u}@`); });
    const taken = mine.length > 0 ? mine : st.stores.length === 1 ? st.stores : [];
    if (taken.length === 0) return undefined;
    const left = st.stores.filter((s) => !taken.includes(s));
    st.stores = left.length > 0 ? left : undefined;
    return taken;
  }

  /** The lifecycle ended: forget it as the holder of its Message-ID; stores no attempt claimed leave now. */
  forget(lc: Lifecycle): void {
    this.flush(lc);
    const stores = lc.checks?.stores;
    if (stores && lc.checks) {
      lc.checks.stores = undefined;
      for (const store of stores) this.#ops.emit({ type: 'stored', lc, store });
    }
    const ended: Ended = { host: lc.host, queueId: lc.queueId, firstUs: lc.firstUs, traceKey: lc.traceKey };
    this.#ended.set(`q\u0000${lc.host}\u0000${lc.queueId}`, ended);
    if (!lc.messageId) return;
    const k = `${lc.host}\u0000${lc.messageId}`;
    if (this.#byMessageId.get(k) === lc) this.#byMessageId.delete(k);
    this.#ended.set(`m\u0000${k}`, ended);
  }

  /** What to checkpoint besides the lifecycles (snapshot.ts `TrackerState.checks`). */
  state(): { sessions: Check[]; ended: [string, Ended][] } {
    const sessions: Check[] = [];
    for (const [, list] of this.#sessions) for (const w of list) sessions.push(w.ev);
    return { sessions, ended: [...this.#ended] };
  }

  /** After a restore: the checkpointed part back, and the restored lifecycles indexed by Message-ID again. */
  restore(live: Iterable<Lifecycle>, st?: { sessions: Check[]; ended: [string, Ended][] }): void {
    for (const ev of st?.sessions ?? []) {
      const k = `${ev.host}\u0000${ev.clientAddress ?? ''}`;
      const list = this.#sessions.get(k);
      if (list) list.push({ ev, host: ev.host });
      else this.#sessions.set(k, [{ ev, host: ev.host }]);
    }
    for (const [k, e] of st?.ended ?? []) this.#ended.set(k, e);
    for (const lc of live) {
      if (!lc.messageId) continue;
      const k = `${lc.host}\u0000${lc.messageId}`;
      const held = this.#byMessageId.get(k);
      if (!held || held.firstUs <= lc.firstUs) this.#byMessageId.set(k, lc);
    }
  }

  /** End of input: policy verdicts that never found their session leave without a trace. */
  drain(): void {
    this.#expire(Infinity);
  }

  /**
   * The cause of a refusal, when a check in the same log explains it: a milter or policy reject after a failed
   * SPF/DKIM/DMARC verdict, a remote `5.7.26`-style rejection (sender_auth_failure) of a message we did not sign.
   */
  explain(ev: PostfixEvent, lc: Lifecycle | undefined, verdict: CauseVerdict | undefined): CauseVerdict | undefined {
    if (ev.kind === 'smtpd.reject' || ev.kind === 'cleanup.action') {
      const failures = lc?.checks?.failed
        ?? (ev.kind === 'smtpd.reject' && ev.client.address !== undefined ? this.#pendingFailures(ev.host, ev.client.address) : undefined);
      const failed = mostTelling(failures, ev.kind === 'smtpd.reject' ? ev.reply : ev.reply ?? ev.what);
      if (!failed) return verdict;
      return { cause: 'sender_auth_failure', rule: `check-${failed.check}-${failed.result}`, transient: false, check: failed.check, checkProgram: failed.program };
    }
    if (ev.kind === 'delivery' && verdict?.cause === 'sender_auth_failure' && lc && this.#signingHosts.has(lc.host) && !lc.checks?.signed) {
      return { ...verdict, check: 'dkim', checkProgram: 'opendkim' };
    }
    return verdict;
  }

  #pendingFailures(host: string, address: string): Check[] | undefined {
    return this.#sessions.get(`${host}\u0000${address}`)?.map((w) => w.ev).filter(isAuthFailure);
  }

  #attach(lc: Lifecycle, ev: Check): void {
    const st = stateOf(lc);
    if (ev.check === 'dkim' && ev.result === 'signed') st.signed = true;
    if (isAuthFailure(ev)) st.failed = st.failed ? st.failed.concat(ev) : [ev];
    if (lc.receivedEmitted) { this.counters.joined++; this.#ops.emit({ type: 'checked', lc, check: ev }); return; }
    // The parsed event is this lifecycle's alone from here on: completed in place.
    if (ev.check === 'dkim' && ev.domain === undefined && st.note) {
      ev.domain = st.note.domain;
      ev.selector = st.note.selector;
      st.note = undefined;
    }
    st.waiting = st.waiting ? st.waiting.concat(ev) : [ev];
  }

  #out(ev: Check, _lc?: undefined, ended?: Ended): void {
    if (ended) this.counters.joined++;
    else this.counters.unjoined++;
    this.#ops.emit(ended ? { type: 'unattached', ended, item: ev } : { type: 'unattached', item: ev });
  }

  /** Policy verdicts older than SESSION_US before `nowUs` found no session: they leave unjoined. */
  #expire(nowUs: number): void {
    for (const [k, list] of this.#sessions) {
      const keep = list.filter((w) => nowUs - w.ev.timeUs <= SESSION_US);
      if (keep.length === list.length) continue;
      for (const w of list) if (nowUs - w.ev.timeUs > SESSION_US) this.#out(w.ev);
      if (keep.length === 0) this.#sessions.delete(k);
      else this.#sessions.set(k, keep);
    }
  }
}
