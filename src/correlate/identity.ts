/**
 * identity — the strings that trace and span ids are derived from (ids.ts hashes them), and the ids of a lifecycle.
 *
 * `msgid|<x@example.org>` makes every queue id of one message — content-filter hops and the same message on
 * other hosts that run mtatrace — land in one trace without shared state. `qid|mx1|4B7C21A0F3|<first µs>` is the
 * fallback (no Message-ID seen, or `--trace-key queue-id`); the first-seen time keeps reused short queue ids apart.
 *
 * Limits: two different messages that reuse one Message-ID (resends, some list software) share a trace; each
 * keeps its own root span, keyed by host, queue id and first-seen time.
 */
import { flatCopy } from '../memory/flat-copy.js';
import { spanIdOf, traceIdOf } from './ids.js';
export const messageTraceKey = (messageId: string): string => `msgid|${messageId}`;

/** A lifecycle's root span key: `mx1|4B7C21A0F3|<first µs>`. */
export const rootSpanKey = (host: string, queueId: string, firstUs: number): string => `${host}|${queueId}|${firstUs}`;

/** The root span key of a lifecycle, built when needed (a lifecycle does not keep it: memory per message). */
export interface SpanKeyed { host: string; queueId: string; firstUs: number }
export const spanKeyOf = (lc: SpanKeyed): string => rootSpanKey(lc.host, lc.queueId, lc.firstUs);

/** The fallback trace key, `qid|` + the root span key. */
export const queueTraceKey = (rootKey: string): string => `qid|${rootKey}`;

/** Span key of a delivery attempt: one recipient's n-th attempt within one lifecycle. */
export const attemptSpanKey = (lc: SpanKeyed, recipient: string, attempt: number): string =>
  `${spanKeyOf(lc)}|attempt|${recipient}|${attempt}`;

export const receiveSpanKey = (lc: SpanKeyed): string => `${spanKeyOf(lc)}|receive`;

/** The fields of a lifecycle (src/correlate/lifecycle.ts) its ids are derived from and kept in. */
export interface IdHolder extends SpanKeyed {
  traceKey: string;
  traceId?: string;
  traceIdOf?: string;
  rootSpanId?: string;
}

/** Every signal of a message needs its root span id: hashed once per lifecycle, kept on it (copied: memory/flat-copy.ts). */
export function rootSpanId(lc: IdHolder): string {
  return (lc.rootSpanId ??= flatCopy(spanIdOf(spanKeyOf(lc))));
}

/** The trace id of a lifecycle's current trace key (it changes once a Message-ID is seen), hashed once per key. */
export function traceIdFor(lc: IdHolder): string {
  if (lc.traceId === undefined || lc.traceIdOf !== lc.traceKey) { lc.traceIdOf = lc.traceKey; lc.traceId = flatCopy(traceIdOf(lc.traceKey)); }
  return lc.traceId;
}
