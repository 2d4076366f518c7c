/**
 * spans — correlator signals → spans, one trace per message, each span emitted when its phase ends.
 *
 *   mta.message   (root, INTERNAL)  first line … `removed` (or end of input, then mta.lifecycle.incomplete=true)
 *   ├─ mta.receive (SERVER)          smtpd connect / pickup … qmgr `(queue active)`
 *   └─ mta.delivery (CLIENT for smtp/lmtp, else INTERNAL), one per recipient line and attempt, from `delays=`:
 *        ├─ mta.queue.wait  [T−(b+c+d), T−(c+d)]
 *        ├─ mta.connect     [T−(c+d),   T−d]
 *        └─ mta.transmit    [T−d,       T]          where T is the delivery line's time
 * Part `a` (time before the queue manager, or waiting in the deferred queue) is the gap before the attempt.
 *
 * Limits: Postfix rounds delays (two significant digits under 100 s, whole seconds above), so sub-spans are
 * clamped inside their parent and never start before the message was first seen.
 */
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Signal } from '../correlate/signals.js';
import { attemptSpanKey, receiveSpanKey } from '../correlate/identity.js';
import { own } from '../correlate/own.js';
import type { Delivery } from '../parse/events.js';
import { spanIdOf, traceIdOf } from './ids.js';
import type { Attrs, SpanOut } from './model.js';
import { ATTRS as A, SPANS } from './semconv.js';

const CLIENT_TRANSPORTS = new Set(['smtp', 'lmtp']);
const MAX_STATUS_MESSAGE = 512;

/** Attributes describing the message, shared by the root span and the received event. */
export function messageAttrs(lc: Lifecycle): Attrs {
  return {
    [A.system.name]: 'postfix',
    [A.queueId.name]: lc.queueId,
    [A.messageId.name]: lc.messageId,
    [A.sender.name]: lc.sender,
    [A.size.name]: lc.size,
    [A.nrcpt.name]: lc.nrcpt,
    [A.hop.name]: lc.hop?.kind,
    [A.prevQueueId.name]: lc.hop?.prevQueueId,
    [A.notification.name]: lc.notice?.type,
    [A.origQueueId.name]: lc.notice?.origQueueId,
  };
}

export function deliveryAttrs(ev: Delivery, attempt: number): Attrs {
  return {
    [A.queueId.name]: ev.queueId,
    [A.recipient.name]: ev.to,
    [A.origRecipient.name]: ev.origTo,
    [A.transport.name]: ev.program,
    [A.relay.name]: ev.relay.address ? `${ev.relay.name}[${ev.relay.address}]${ev.relay.port ? `:${ev.relay.port}` : ''}` : ev.relay.name,
    [A.serverAddress.name]: ev.relay.address ? ev.relay.name : undefined,
    [A.serverPort.name]: ev.relay.port,
    [A.peerAddress.name]: ev.relay.address,
    [A.status.name]: ev.status,
    [A.dsn.name]: ev.dsn,
    [A.reply.name]: ev.reply,
    [A.delay.name]: ev.delay,
    [A.attempt.name]: attempt,
    [A.connUse.name]: ev.connUse,
    [A.tls.name]: ev.tls,
    [A.queuedAs.name]: ev.queuedAs,
  };
}

/** Every signal of a message needs its trace and root span id: hashed once per lifecycle (and trace key), kept on it. */
export function rootSpanId(lc: Lifecycle): string {
  return (lc.rootSpanId ??= own(spanIdOf(lc.spanKey)));
}
export function traceIdFor(lc: Lifecycle): string {
  if (lc.traceId === undefined || lc.traceIdOf !== lc.traceKey) { lc.traceIdOf = lc.traceKey; lc.traceId = own(traceIdOf(lc.traceKey)); }
  return lc.traceId;
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
        host: lc.host, links: [],
        attrs: { ...messageAttrs(lc), [A.clientAddress.name]: lc.client?.address, [A.clientName.name]: lc.client?.name, [A.program.name]: lc.origin },
      }];
    }
    case 'attempt': return attemptSpans(s.lc, s.ev, s.attempt, s.verdict);
    case 'finished': {
      const { lc } = s;
      const failing = lc.recipients.find((r) => r.final === 'bounced' || r.final === 'expired' || r.final === 'rejected');
      const startUs = Math.min(lc.receiveStartUs ?? lc.firstUs, lc.firstUs);
      return [{
        traceId: traceIdFor(lc), spanId: rootSpanId(lc),
        parentSpanId: lc.hop?.parentSpanKey ? spanIdOf(lc.hop.parentSpanKey) : undefined,
        name: SPANS.message.name, kind: 'internal', startUs, endUs: Math.max(s.timeUs, startUs), host: lc.host,
        error: lc.failed ? (failing?.reply ?? failing?.final ?? 'failed').slice(0, MAX_STATUS_MESSAGE) : undefined,
        attrs: {
          ...messageAttrs(lc),
          [A.incomplete.name]: s.incomplete || !lc.complete ? true : undefined,
          [A.errorType.name]: lc.failed ? (failing?.cause ?? 'unknown') : undefined,
        },
        links: lc.notice ? [{
          traceId: traceIdOf(lc.notice.origTraceKey), spanId: spanIdOf(lc.notice.origSpanKey),
          attrs: { [A.notification.name]: lc.notice.type, [A.origQueueId.name]: lc.notice.origQueueId },
        }] : [],
      }];
    }
    default:
      return [];
  }
}

function attemptSpans(lc: Lifecycle, ev: Delivery, attempt: number, verdict?: { cause: string; rule: string; transient: boolean }): SpanOut[] {
  const traceId = traceIdFor(lc);
  const spanId = spanIdOf(attemptSpanKey(lc, ev.to, attempt));
  const endUs = ev.timeUs;
  const [, b, c, d] = ev.delays ?? [0, 0, 0, 0];
  const floor = Math.min(lc.firstUs, endUs);
  const at = (secondsBeforeEnd: number): number => Math.max(floor, Math.round(endUs - secondsBeforeEnd * 1e6));
  const startUs = at(b + c + d);
  const failed = ev.status !== 'sent' && ev.status !== 'deliverable';
  const attempt0: SpanOut = {
    traceId, spanId, parentSpanId: rootSpanId(lc), name: SPANS.delivery.name,
    kind: CLIENT_TRANSPORTS.has(ev.program) ? 'client' : 'internal', startUs, endUs, host: lc.host, links: [],
    error: failed ? ev.reply.slice(0, MAX_STATUS_MESSAGE) || ev.status : undefined,
    attrs: {
      ...deliveryAttrs(ev, attempt),
      [A.messageId.name]: lc.messageId,
      [A.cause.name]: verdict?.cause,
      [A.causeTransient.name]: verdict?.transient,
      [A.causeRule.name]: verdict?.rule,
      [A.errorType.name]: failed ? (verdict?.cause ?? 'unknown') : undefined,
    },
  };
  const out = [attempt0];
  const phases: [string, number, number][] = [
    [SPANS.queueWait.name, at(b + c + d), at(c + d)],
    [SPANS.connect.name, at(c + d), at(d)],
    [SPANS.transmit.name, at(d), endUs],
  ];
  for (const [name, s, e] of phases) {
    if (e <= s) continue;
    out.push({
      traceId, spanId: spanIdOf(`${attemptSpanKey(lc, ev.to, attempt)}|${name}`), parentSpanId: spanId, name,
      kind: name === SPANS.queueWait.name ? 'internal' : attempt0.kind, startUs: s, endUs: e, host: lc.host, links: [], attrs: {},
    });
  }
  return out;
}
