/**
 * spans — correlator signals → spans, one trace per message, each span emitted when its phase ends.
 *
 *   mta.message   (root, INTERNAL)  first line … `removed` (or end of input, then mta.lifecycle.incomplete=true)
 *   ├─ mta.receive (SERVER)          smtpd connect / pickup … qmgr `(queue active)`
 *   ├─ mta.check  (INTERNAL)         a content filter's verdict with its logged duration (amavis `96 ms`)
 *   └─ mta.delivery (CLIENT for smtp/lmtp, else INTERNAL), one per recipient line and attempt, from `delays=`:
 *        ├─ mta.queue.wait  [T−(b+c+d), T−(c+d)]
 *        ├─ mta.connect     [T−(c+d),   T−d]
 *        └─ mta.transmit    [T−d,       T]          where T is the delivery line's time
 * Part `a` (time before the queue manager, or waiting in the deferred queue) is the gap before the attempt.
 *
 * Attribute objects are built by assignment and hold no `undefined` values (an absent attribute is an absent key),
 * so the OTLP sink passes them to the exporter without a filtered copy; phase spans share one empty attribute object.
 *
 * Limits: Postfix rounds delays (two significant digits under 100 s, whole seconds above), so sub-spans are
 * clamped inside their parent and never start before the message was first seen.
 */
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Signal } from '../correlate/signals.js';
import { attemptSpanKey, receiveSpanKey, rootSpanId, traceIdFor } from '../correlate/identity.js';
import type { Delivery } from '../parse/postfix-events.js';
import { spanIdOf, traceIdOf } from '../correlate/ids.js';
import { checkSpanEvents, checkSpans, storeSpanEvents } from './checks.js';
import type { Attrs, AttrValue, SpanOut } from './model.js';
import { ATTRS as A, SPANS } from './semconv.js';

const CLIENT_TRANSPORTS = new Set(['smtp', 'lmtp']);
const MAX_STATUS_MESSAGE = 512;

const NO_ATTRS: Attrs = Object.freeze({}) as Attrs;
const NO_LINKS: SpanOut['links'] = Object.freeze([]) as unknown as SpanOut['links'];

/** Sets `k` only when `v` is defined: attribute objects carry no `undefined` values. */
function put(o: Attrs, k: string, v: AttrValue | undefined): void {
  if (v !== undefined) o[k] = v;
}

/** Attributes describing the message, shared by the root span and the received event (a new object each call). */
export function messageAttrs(lc: Lifecycle): Attrs {
  const o: Attrs = { [A.system.name]: 'postfix' };
  put(o, A.queueId.name, lc.queueId);
  put(o, A.messageId.name, lc.messageId);
  put(o, A.sender.name, lc.sender);
  put(o, A.size.name, lc.size);
  put(o, A.nrcpt.name, lc.nrcpt);
  put(o, A.hop.name, lc.hop?.kind);
  put(o, A.prevQueueId.name, lc.hop?.prevQueueId);
  put(o, A.notification.name, lc.notice?.type);
  put(o, A.origQueueId.name, lc.notice?.origQueueId);
  return o;
}

/** Attributes of one delivery attempt, shared by its span and its event (a new object each call). */
export function deliveryAttrs(ev: Delivery, attempt: number): Attrs {
  const { relay } = ev;
  const o: Attrs = {};
  put(o, A.queueId.name, ev.queueId);
  put(o, A.recipient.name, ev.to);
  put(o, A.origRecipient.name, ev.origTo);
  put(o, A.transport.name, ev.program);
  put(o, A.relay.name, relay.address ? `${relay.name}[${relay.address}]${relay.port ? `:${relay.port}` : ''}` : relay.name);
  if (relay.address) put(o, A.serverAddress.name, relay.name);
  put(o, A.serverPort.name, relay.port);
  put(o, A.peerAddress.name, relay.address);
  put(o, A.status.name, ev.status);
  put(o, A.dsn.name, ev.dsn);
  put(o, A.reply.name, ev.reply);
  put(o, A.delay.name, ev.delay);
  put(o, A.attempt.name, attempt);
  put(o, A.connUse.name, ev.connUse);
  put(o, A.tls.name, ev.tls);
  put(o, A.queuedAs.name, ev.queuedAs);
  return o;
}

/** The spans a signal completes (most signals complete none). */
export function toSpans(s: Signal): SpanOut[] {
  switch (s.type) {
    case 'received': {
      const { lc } = s;
      if (!lc.complete || lc.receiveStartUs === undefined) return [];
      return [{
        traceId: traceIdFor(lc), spanId: spanIdOf(receiveSpanKey(lc)), parentSpanId: rootSpanId(lc),
        name: SPANS.receive.name, kind: 'server', startUs: lc.receiveStartUs, endUs: Math.max(s.timeUs, lc.receiveStartUs),
        host: lc.host, links: NO_LINKS, attrs: receiveAttrs(lc),
        ...(s.checks && s.checks.length > 0 ? { events: checkSpanEvents(lc, s.checks) } : {}),
      }];
    }
    case 'checked': return s.duringReceive ? [] : checkSpans(s.lc, s.check);
    case 'attempt': {
      const out = attemptSpans(s.lc, s.ev, s.attempt, s.verdict);
      if (s.stores) out[0] = { ...out[0], events: storeSpanEvents(s.stores) };
      return out;
    }
    case 'finished': {
      const { lc } = s;
      const failing = lc.recipients.find((r) => r.final === 'bounced' || r.final === 'expired' || r.final === 'rejected');
      const startUs = Math.min(lc.receiveStartUs ?? lc.firstUs, lc.firstUs);
      return [{
        traceId: traceIdFor(lc), spanId: rootSpanId(lc),
        parentSpanId: lc.hop?.parentSpanKey ? spanIdOf(lc.hop.parentSpanKey) : undefined,
        name: SPANS.message.name, kind: 'internal', startUs, endUs: Math.max(s.timeUs, startUs), host: lc.host,
        error: lc.failed ? (failing?.reply ?? failing?.final ?? 'failed').slice(0, MAX_STATUS_MESSAGE) : undefined,
        attrs: rootAttrs(lc, s.incomplete || !lc.complete, lc.failed ? (failing?.cause ?? 'unknown') : undefined),
        links: lc.notice ? [{
          traceId: traceIdOf(lc.notice.origTraceKey), spanId: spanIdOf(lc.notice.origSpanKey),
          attrs: { [A.notification.name]: lc.notice.type, [A.origQueueId.name]: lc.notice.origQueueId },
        }] : NO_LINKS,
      }];
    }
    default:
      return [];
  }
}

function receiveAttrs(lc: Lifecycle): Attrs {
  const o = messageAttrs(lc);
  put(o, A.clientAddress.name, lc.client?.address);
  put(o, A.clientName.name, lc.client?.name);
  put(o, A.program.name, lc.origin);
  return o;
}

function rootAttrs(lc: Lifecycle, incomplete: boolean, errorType: string | undefined): Attrs {
  const o = messageAttrs(lc);
  if (incomplete) o[A.incomplete.name] = true;
  put(o, A.errorType.name, errorType);
  return o;
}

type Verdict = { cause: string; rule: string; transient: boolean };

function attemptSpans(lc: Lifecycle, ev: Delivery, attempt: number, verdict?: Verdict): SpanOut[] {
  const traceId = traceIdFor(lc);
  const key = attemptSpanKey(lc, ev.to, attempt);
  const spanId = spanIdOf(key);
  const endUs = ev.timeUs;
  const delays = ev.delays;
  const b = delays ? delays[1] : 0, c = delays ? delays[2] : 0, d = delays ? delays[3] : 0;
  const floor = Math.min(lc.firstUs, endUs);
  const waitUs = before(endUs, b + c + d, floor), connectUs = before(endUs, c + d, floor), transmitUs = before(endUs, d, floor);
  const failed = ev.status !== 'sent' && ev.status !== 'deliverable';
  const attrs = deliveryAttrs(ev, attempt);
  put(attrs, A.messageId.name, lc.messageId);
  if (verdict) {
    attrs[A.cause.name] = verdict.cause;
    attrs[A.causeTransient.name] = verdict.transient;
    attrs[A.causeRule.name] = verdict.rule;
  }
  if (failed) attrs[A.errorType.name] = verdict?.cause ?? 'unknown';
  const kind = CLIENT_TRANSPORTS.has(ev.program) ? 'client' : 'internal';
  const out: SpanOut[] = [{
    traceId, spanId, parentSpanId: rootSpanId(lc), name: SPANS.delivery.name, kind, startUs: waitUs, endUs, host: lc.host,
    links: NO_LINKS, error: failed ? ev.reply.slice(0, MAX_STATUS_MESSAGE) || ev.status : undefined, attrs,
  }];
  if (connectUs > waitUs) out.push(phase(lc, traceId, spanId, key, SPANS.queueWait.name, 'internal', waitUs, connectUs));
  if (transmitUs > connectUs) out.push(phase(lc, traceId, spanId, key, SPANS.connect.name, kind, connectUs, transmitUs));
  if (endUs > transmitUs) out.push(phase(lc, traceId, spanId, key, SPANS.transmit.name, kind, transmitUs, endUs));
  return out;
}

/** `seconds` before `endUs`, not before `floor`. */
const before = (endUs: number, seconds: number, floor: number): number => Math.max(floor, Math.round(endUs - seconds * 1e6));

function phase(lc: Lifecycle, traceId: string, parentSpanId: string, attemptKey: string, name: string, kind: SpanOut['kind'], startUs: number, endUs: number): SpanOut {
  return { traceId, spanId: spanIdOf(`${attemptKey}|${name}`), parentSpanId, name, kind, startUs, endUs, host: lc.host, links: NO_LINKS, attrs: NO_ATTRS };
}
