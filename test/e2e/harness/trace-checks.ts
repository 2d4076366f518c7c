/**
 * trace-checks — what the exported OTLP traces must look like, whatever the events say: each trace has exactly
 * one root span (a content-filter hop hangs under its first queue id, it is not a second message); a message
 * with two queue ids has two `mta.message` spans in one trace; every span link (an NDR pointing at its original,
 * `{"mta.notification":"non-delivery","mta.orig_queue_id":"C0AFC20C139"}`) points at the original's
 * `mta.message` span in another trace. Returns the differences as sentences; empty means fine.
 *
 * Limits: pure; an NDR without any link is reported by check-story.ts (NDJSON), not here.
 */
import type { FlatSpan } from '../../support/otlp-receiver.js';
import type { Scenario } from '../scenarios.js';

export function checkTraces(spans: FlatSpan[], scenarios: Scenario[]): string[] {
  const bad: string[] = [];
  const byTrace = new Map<string, FlatSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  for (const [trace, list] of byTrace) {
    const roots = list.filter((s) => !s.parentSpanId);
    const tag = /^([^@]+)@e2e\.mtatrace\.test$/.exec(String(roots[0]?.attrs['mta.message_id']))?.[1] ?? `trace ${trace}`;
    if (roots.length !== 1) bad.push(`${tag}: ${roots.length} root spans in one trace (${roots.map((r) => String(r.attrs['mta.queue_id'])).join(', ')})`);
  }
  for (const sc of scenarios.filter((x) => x.queueIds > 1)) {
    const messages = spans.filter((s) => s.name === 'mta.message' && s.attrs['mta.message_id'] === `${sc.tag}@e2e.mtatrace.test`);
    const traces = new Set(messages.map((s) => s.traceId));
    const qids = new Set(messages.map((s) => s.attrs['mta.queue_id']));
    if (traces.size !== 1 || qids.size !== sc.queueIds) bad.push(`${sc.tag}: ${qids.size} queue ids in ${traces.size} traces`);
  }
  const messageSpan = new Map(spans.filter((s) => s.name === 'mta.message').map((s) => [String(s.attrs['mta.queue_id']), s]));
  for (const s of spans) {
    for (const l of s.links) {
      const orig = messageSpan.get(String(l.attrs['mta.orig_queue_id']));
      if (!orig) bad.push(`link from ${String(s.attrs['mta.queue_id'])} names unknown queue id ${String(l.attrs['mta.orig_queue_id'])}`);
      else if (orig.traceId !== l.traceId || orig.spanId !== l.spanId) bad.push(`link from ${String(s.attrs['mta.queue_id'])} misses its original's span`);
      else if (orig.traceId === s.traceId) bad.push(`NDR ${String(s.attrs['mta.queue_id'])} is inside its original's trace`);
    }
  }
  return bad;
}
