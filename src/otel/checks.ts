/**
 * checks — the verdicts and stores of the programs beside Postfix → `mta.message.checked` /
 * `mta.message.stored` events, `mta.check` spans (when the log gives a duration) and span events on the
 * receive span (for verdicts given while the message was received).
 *
 *   `amavis: (…) Passed CLEAN {RelayedInbound}, … Queue-ID: 2AA0F3004142, … 96 ms`
 *     → event mta.message.checked { mta.check.kind=content, mta.check.result=clean, mta.check.program=amavis,
 *       mta.check.direction=inbound, mta.check.duration=0.096 } and span mta.check [T−96 ms, T] under the root
 * A verdict or store whose message already ended goes on that message's trace and root span; one that found no
 * message has no trace id and `mta.check.joined=false`.
 *
 * Limits: the `mta.check` span's start is the line's time minus the logged duration (the filter logs at the end).
 */
import { queueTraceKey, rootSpanId, spanKeyOf, traceIdFor } from '../correlate/identity.js';
import type { Ended } from '../correlate/hops.js';
import type { Lifecycle } from '../correlate/lifecycle.js';
import type { Check, Store } from '../parse/check-events.js';
import { spanIdOf, traceIdOf } from '../correlate/ids.js';
import type { Attrs, EventOut, Severity, SpanEventOut, SpanOut } from './model.js';
import { ATTRS as A, EVENTS, SPANS } from './semconv.js';

const BAD: ReadonlySet<string> = new Set(['fail', 'softfail', 'permerror', 'spam', 'virus', 'banned']);
const DOUBTFUL: ReadonlySet<string> = new Set(['temperror', 'neutral', 'bad_header', 'greylisted', 'oversized', 'unchecked']);

/** The direction a verdict is about: as the program says, else `outbound` for a local submission. */
export function directionOf(check: Check, lc: Pick<Lifecycle, 'origin'> | undefined): string {
  return check.direction ?? (lc?.origin === 'pickup' ? 'outbound' : 'unknown');
}

/** Attributes of one verdict, shared by its event, its span and its span event. */
export function checkAttrs(c: Check, lc: Pick<Lifecycle, 'origin'> | undefined): Attrs {
  const o: Attrs = {
    [A.checkKind.name]: c.check, [A.checkResult.name]: c.result, [A.checkProgram.name]: c.program,
    [A.checkDirection.name]: directionOf(c, lc),
  };
  if (c.domain !== undefined) o[A.checkDomain.name] = c.domain;
  if (c.selector !== undefined) o[A.checkSelector.name] = c.selector;
  if (c.score !== undefined) o[A.checkScore.name] = c.score;
  if (c.action !== undefined) o[A.checkAction.name] = c.action;
  if (c.durationMs !== undefined) o[A.checkDuration.name] = c.durationMs / 1000;
  if (c.queuedAs !== undefined) o[A.queuedAs.name] = c.queuedAs;
  if (c.clientAddress !== undefined) o[A.clientAddress.name] = c.clientAddress;
  return o;
}

const severityOf = (result: string): Severity => BAD.has(result) ? 'ERROR' : DOUBTFUL.has(result) ? 'WARN' : 'INFO';

function storeAttrs(st: Store): Attrs {
  const o: Attrs = { [A.mailboxResult.name]: st.outcome, [A.recipient.name]: st.user, [A.mailboxUser.name]: st.user, [A.mailboxVia.name]: st.via, [A.program.name]: st.program };
  if (st.folder !== undefined) o[A.mailboxFolder.name] = st.folder;
  if (st.reason !== undefined) o[A.reply.name] = st.reason;
  return o;
}

/** Where an event of a live message goes when not on the receive span: its `mta.check` span, else the root span. */
const checkSpanId = (lc: Lifecycle, c: Check): string =>
  c.durationMs !== undefined && lc.receivedEmitted ? spanIdOf(checkSpanKey(lc, c)) : rootSpanId(lc);

const checkSpanKey = (lc: Lifecycle, c: Check): string => `${spanKeyOf(lc)}|check|${c.program}|${c.timeUs}`;

export function checkedEvent(lc: Lifecycle, c: Check, receiveSpanId: string | undefined): EventOut {
  const attrs: Attrs = { [A.system.name]: 'postfix', [A.queueId.name]: lc.queueId, [A.messageId.name]: lc.messageId };
  Object.assign(attrs, checkAttrs(c, lc));
  if (c.reason !== undefined) attrs[A.checkReason.name] = c.reason;
  return {
    name: EVENTS.checked.name, timeUs: c.timeUs, host: lc.host, traceId: traceIdFor(lc),
    spanId: receiveSpanId ?? checkSpanId(lc, c), severity: severityOf(c.result), body: c.text, attrs,
  };
}

/** On the delivery attempt's span when the store came with its delivery line (`spanId`), else the root span. */
export function storedEvent(lc: Lifecycle, st: Store, spanId?: string): EventOut {
  const attrs: Attrs = { [A.system.name]: 'postfix', [A.queueId.name]: lc.queueId, [A.messageId.name]: lc.messageId };
  Object.assign(attrs, storeAttrs(st));
  return {
    name: EVENTS.stored.name, timeUs: st.timeUs, host: lc.host, traceId: traceIdFor(lc), spanId: spanId ?? rootSpanId(lc),
    severity: st.outcome === 'failed' ? 'WARN' : 'INFO', body: st.text, attrs,
  };
}

/** A verdict or store whose message ended already (`ended`) or was never found. */
export function unattachedEvent(item: Check | Store, ended: Ended | undefined): EventOut {
  const attrs: Attrs = { [A.system.name]: 'postfix' };
  if (ended) attrs[A.queueId.name] = ended.queueId;
  else if ('queueId' in item && item.queueId !== undefined) attrs[A.queueId.name] = item.queueId;
  if (item.kind === 'check') {
    Object.assign(attrs, checkAttrs(item, undefined));
    if (item.reason !== undefined) attrs[A.checkReason.name] = item.reason;
    if (item.messageId !== undefined) attrs[A.messageId.name] = item.messageId;
  } else {
    Object.assign(attrs, storeAttrs(item));
    attrs[A.messageId.name] = item.messageId;
  }
  if (!ended) attrs[A.joined.name] = false;
  const ev: EventOut = {
    name: item.kind === 'check' ? EVENTS.checked.name : EVENTS.stored.name, timeUs: item.timeUs, host: item.host,
    severity: item.kind === 'check' ? severityOf(item.result) : item.outcome === 'failed' ? 'WARN' : 'INFO', body: item.text, attrs,
  };
  if (ended) {
    ev.traceId = traceIdOf(ended.traceKey || queueTraceKey(spanKeyOf(ended)));
    ev.spanId = spanIdOf(spanKeyOf(ended));
  }
  return ev;
}

/** The `mta.check` span of a verdict logged with its duration after the receive phase (amavis, rspamd, spamd). */
export function checkSpans(lc: Lifecycle, c: Check): SpanOut[] {
  if (c.durationMs === undefined || !lc.receivedEmitted || c.check === 'greylist') return [];
  const endUs = c.timeUs;
  const startUs = Math.max(lc.firstUs, Math.round(endUs - c.durationMs * 1000));
  const bad = BAD.has(c.result);
  return [{
    traceId: traceIdFor(lc), spanId: spanIdOf(checkSpanKey(lc, c)), parentSpanId: rootSpanId(lc), name: SPANS.check.name,
    kind: 'internal', startUs: Math.min(startUs, endUs), endUs, host: lc.host, links: [],
    error: bad ? `${c.check} ${c.result}` : undefined,
    attrs: { [A.system.name]: 'postfix', [A.queueId.name]: lc.queueId, ...checkAttrs(c, lc) },
  }];
}

/** Span events for a delivery span: what the mailbox server said about that delivery. */
export function storeSpanEvents(stores: readonly Store[]): SpanEventOut[] {
  return stores.map((st) => ({ name: EVENTS.stored.name, timeUs: st.timeUs, attrs: storeAttrs(st) }));
}

/** Span events for the receive span: the verdicts given while the message was received. */
export function checkSpanEvents(lc: Lifecycle, checks: readonly Check[]): SpanEventOut[] {
  return checks.map((c) => ({ name: EVENTS.checked.name, timeUs: c.timeUs, attrs: checkAttrs(c, lc) }));
}
