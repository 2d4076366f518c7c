/**
 * lifecycle — the per-message state machine: what one (host, queue id) has been through.
 *
 * States follow Postfix's own queue vocabulary (qmgr(8)): a message is `received` while smtpd/pickup and cleanup
 * write it, `active` once qmgr logs `from=<…>, size=…, nrcpt=… (queue active)`, `deferred` after a deferral,
 * `hold` after `hold:`/`postsuper -h`, and ends `removed`, `deleted`, `rejected`, `discarded` or `requeued`.
 * `TRANSITIONS` is plain data (walked exhaustively by test/correlate/lifecycle.test.ts); `step` only looks it up.
 *
 * `newLifecycle` and `noteAttempt` build and update one, in the compact shapes many in-flight messages need.
 *
 * Limits: the log never says "moved to the deferred queue"; a deferral is taken to mean the message will wait
 * there once the current queue run ends. A pair (state, input) not in the table keeps the state and is counted.
 */
import type { Delivery, Peer } from '../parse/postfix-events.js';
import { flatCopy } from '../memory/flat-copy.js';
import type { SharedStrings } from '../memory/shared-strings.js';
import { queueTraceKey, rootSpanKey } from './identity.js';
import type { Check, Store } from '../parse/check-events.js';

export type State =
  | 'new' | 'received' | 'active' | 'deferred' | 'hold' | 'expired'
  | 'removed' | 'deleted' | 'rejected' | 'discarded' | 'requeued';

/** What happened, reduced to what the state machine needs. */
export type Input =
  | 'client' | 'pickup' | 'message-id' | 'queued'
  | 'sent' | 'deferred' | 'bounced' | 'expired' | 'removed'
  | 'hold' | 'released' | 'deleted' | 'requeued' | 'rejected' | 'discarded';

export interface Transition { from: readonly State[]; on: Input; to: State }

const LIVE: readonly State[] = ['received', 'active', 'deferred', 'hold', 'expired'];

export const TERMINAL: ReadonlySet<State> = new Set(['removed', 'deleted', 'rejected', 'discarded', 'requeued']);

/** Inputs that may open a lifecycle; after a terminal state they open a new one (queue id reuse). */
export const OPENERS: ReadonlySet<Input> = new Set(['client', 'pickup', 'message-id', 'queued', 'sent', 'deferred', 'bounced', 'expired', 'hold']);

export const TRANSITIONS: readonly Transition[] = [
  { from: ['new'], on: 'client', to: 'received' },
  { from: ['new'], on: 'pickup', to: 'received' },
  { from: ['new', 'received'], on: 'message-id', to: 'received' },
  { from: ['hold'], on: 'message-id', to: 'hold' },
  { from: ['new', 'received', 'deferred', 'active'], on: 'queued', to: 'active' },
  // A first sighting in the middle of a message's life (it was queued before the input began).
  { from: ['new', 'active'], on: 'sent', to: 'active' },
  { from: ['new', 'active'], on: 'bounced', to: 'active' },
  { from: ['new', 'active', 'deferred'], on: 'deferred', to: 'deferred' },
  { from: ['deferred'], on: 'sent', to: 'deferred' },
  { from: ['deferred'], on: 'bounced', to: 'deferred' },
  { from: ['new', 'active', 'deferred'], on: 'expired', to: 'expired' },
  { from: ['expired'], on: 'bounced', to: 'expired' },
  { from: ['expired'], on: 'deferred', to: 'expired' },
  { from: ['active', 'deferred', 'expired', 'received', 'hold'], on: 'removed', to: 'removed' },
  { from: ['new', 'received', 'active', 'deferred'], on: 'hold', to: 'hold' },
  { from: ['hold'], on: 'released', to: 'deferred' },
  { from: LIVE, on: 'deleted', to: 'deleted' },
  { from: LIVE, on: 'requeued', to: 'requeued' },
  { from: ['received'], on: 'rejected', to: 'rejected' },
  { from: ['received'], on: 'discarded', to: 'discarded' },
];

/** TRANSITIONS indexed by state, then input (no string is built per lookup). */
const TABLE = new Map<State, Map<Input, State>>();
for (const t of TRANSITIONS) {
  for (const f of t.from) {
    if (!TABLE.has(f)) TABLE.set(f, new Map());
    TABLE.get(f)?.set(t.on, t.to);
  }
}

/** The transition input of a delivery line, by its `status=` (`deliverable`/`undeliverable`: address probes, verify(8) or `sendmail -bv`). */
export const DELIVERY_INPUT: Record<Delivery['status'], Input> = {
  sent: 'sent', deliverable: 'sent', deferred: 'deferred', SOFTBOUNCE: 'deferred', expired: 'deferred',
  bounced: 'bounced', undeliverable: 'bounced',
};

/** The next state, or undefined when the table has no row for (state, input). */
export function step(state: State, input: Input): State | undefined {
  return TABLE.get(state)?.get(input);
}

/** Where a message sits in Postfix's queues, for queue-depth accounting. */
export function queueOf(state: State): 'incoming' | 'active' | 'deferred' | 'hold' | undefined {
  switch (state) {
    case 'received': return 'incoming';
    case 'active': return 'active';
    case 'deferred': case 'expired': return 'deferred';
    case 'hold': return 'hold';
    default: return undefined;
  }
}

/** Final fate of one recipient, as `mta.recipient.completed` reports it. */
/** `aborted`: the client never completed the message (every RCPT refused, or it left before DATA); nothing was accepted. */
export type FinalStatus = 'delivered' | 'bounced' | 'expired' | 'deleted' | 'discarded' | 'rejected' | 'aborted' | 'held' | 'queued';

export interface Recipient {
  to: string;
  origTo?: string;
  attempts: number;
  /** Last attempt's status, dsn, reply and cause. */
  status?: string;
  dsn?: string;
  reply?: string;
  cause?: string;
  causeRule?: string;
  transient?: boolean;
  final?: FinalStatus;
}

/** What a lifecycle keeps of its checks (`Lifecycle.checks`, absent until its first verdict). */
export interface CheckState {
  /** Verdicts waiting for the receive phase to end. */
  waiting: Check[] | undefined;
  /** An OpenDKIM `s=… d=…` note that came before its verdict. */
  note: { selector: string; domain: string } | undefined;
  /** OpenDKIM signed it (so a remote DMARC reject is not about a missing signature). */
  signed: boolean;
  /** The failed authentication verdicts (SPF/DKIM/DMARC), kept after they left: they may explain a reject. */
  failed: Check[] | undefined;
  /** Mailbox stores waiting for the delivery line they belong to (their span is that attempt's). */
  stores: Store[] | undefined;
}

/** How this queue id continues an earlier one in the same trace. */
export interface Hop { kind: 'filter' | 'requeue'; prevQueueId: string; traceKey: string; parentSpanKey?: string }

/** A bounce/delay notification message and the message it reports on. */
export interface Notice { type: string; origQueueId: string; origTraceKey: string; origSpanKey: string }

/** Up to this many recipients a lifecycle is searched in place; beyond, through an index (`recipientIndex`). */
const INDEX_AT = 8;

/**
 * Recipients by (to, orig_to) of the lifecycles with many: a list of 50 000 searched for every delivery line cost
 * O(n²) (126 s, blocking exports and omprog answers). Kept beside the lifecycle, not in it (most messages have one
 * or two recipients, and every field costs each message in flight); `count` is how much of the list is indexed —
 * lists only ever grow at their end, so the rest is added on the next look-up.
 */
const recipientIndex = new WeakMap<object, { count: number; byKey: Map<string, Recipient> }>();
const rcptKey = (to: string, origTo: string | undefined): string => (origTo === undefined ? `${to}\n` : `${to}\n${origTo}`);

/** The recipient `to` (with `orig_to`, when Postfix logged one) of this lifecycle, if it has been seen. */
export function findRecipient(lc: Pick<Lifecycle, 'recipients'>, to: string, origTo?: string): Recipient | undefined {
  const list = lc.recipients;
  if (list.length < INDEX_AT) {
    for (const r of list) if (r.to === to && r.origTo === origTo) return r;
    return undefined;
  }
  let index = recipientIndex.get(lc);
  if (!index || index.count > list.length) recipientIndex.set(lc, index = { count: 0, byKey: new Map() });
  for (; index.count < list.length; index.count++) {
    const r = list[index.count];
    const k = rcptKey(r.to, r.origTo);
    if (!index.byKey.has(k)) index.byKey.set(k, r);
  }
  return index.byKey.get(rcptKey(to, origTo));
}

/** Adds a recipient at the end: an exact-length copy while the list is short, in place once it is long. */
export function addRecipient(lc: Pick<Lifecycle, 'recipients'>, r: Recipient): void {
  if (lc.recipients.length < INDEX_AT) lc.recipients = lc.recipients.concat(r);
  else lc.recipients.push(r);
}

export interface Lifecycle {
  host: string;
  queueId: string;
  state: State;
  firstUs: number;
  lastUs: number;
  /** When the receive phase began (smtpd connect, else `client=`/`uid=`). */
  receiveStartUs?: number;
  queuedUs?: number;
  origin?: 'smtpd' | 'pickup';
  client?: Peer;
  messageId?: string;
  sender?: string;
  size?: number;
  nrcpt?: number;
  /** In order of first appearance; one per (to, orig_to). An array, not a Map: most messages have one or two. */
  recipients: Recipient[];
  /** Identity strings that ids.ts hashes into trace and span ids (identity.ts). */
  traceKey: string;
  /** True once a span or event carrying the trace id left, so it can no longer change. */
  traceFixed: boolean;
  /** The ids hashed from `traceKey` (as it was: `traceIdOf`) and the root span key (`spanKeyOf`), kept by identity.ts. */
  traceId?: string;
  traceIdOf?: string;
  rootSpanId?: string;
  hop?: Hop;
  notice?: Notice;
  /** Whether the first line seen was `client=`/`uid=`/cleanup; false for messages queued before input began. */
  complete: boolean;
  receivedEmitted: boolean;
  failed: boolean;
  /** Verdicts of milters and filters about it (checks.ts): absent until the first one. */
  checks: CheckState | undefined;
  /** Signatures (replay.ts) of the lines applied to it, so a copy (rsyslog retry, replay after restore) is skipped. */
  seen: number[];
}

/**
 * A lifecycle opened by `input` at `timeUs`. Every field is named here, even those still unknown: V8 keeps
 * fields added later in a second, growable store, which costs every in-flight message ~100 bytes.
 */
export function newLifecycle(host: string, queueId: string, timeUs: number, input: Input): Lifecycle {
  return {
    host, queueId, state: 'new', firstUs: timeUs, lastUs: timeUs, receiveStartUs: undefined, queuedUs: undefined,
    origin: undefined, client: undefined, messageId: undefined, sender: undefined, size: undefined, nrcpt: undefined,
    recipients: [], traceKey: flatCopy(queueTraceKey(rootSpanKey(host, queueId, timeUs))), traceFixed: false,
    traceId: undefined, traceIdOf: undefined, rootSpanId: undefined, hop: undefined, notice: undefined,
    complete: input === 'client' || input === 'pickup' || input === 'message-id', receivedEmitted: false, failed: false, checks: undefined, seen: [],
  };
}

/**
 * Records one delivery attempt on its recipient (added on its first attempt) and returns that recipient.
 * `shared`: for an attempt after which the recipient waits (a deferral), the table its dsn and reply are shared
 * through; otherwise each is the recipient's own copy.
 */
export function noteAttempt(lc: Lifecycle, ev: Delivery, verdict?: { cause: string; rule: string; transient: boolean }, shared?: SharedStrings): Recipient {
  let rcpt = findRecipient(lc, ev.to, ev.origTo);
  if (!rcpt) {
    rcpt = {
      to: flatCopy(ev.to), origTo: flatCopy(ev.origTo), attempts: 0,
      status: undefined, dsn: undefined, reply: undefined, cause: undefined, causeRule: undefined, transient: undefined, final: undefined,
    };
    // concat while short: an array of exactly the recipients (push would reserve 17 slots for most messages' one).
    addRecipient(lc, rcpt);
  }
  rcpt.attempts++;
  rcpt.status = ev.status;
  // A deferred recipient may wait for days with a reply thousands of others have too (an outage): one copy
  // of each text, ~100 bytes less per waiting message. Other replies are mostly unique (`queued as 9ABCDEF`).
  rcpt.dsn = shared ? shared.get(ev.dsn) : ev.dsn;
  rcpt.reply = shared ? shared.get(ev.reply) : flatCopy(ev.reply);
  rcpt.cause = verdict?.cause;
  rcpt.causeRule = verdict?.rule;
  rcpt.transient = verdict?.transient;
  return rcpt;
}
