/**
 * otlp-compare — spans from two runs (live omprog vs file replay) as sorted, comparable one-line summaries:
 *   `a564…92 4b5e…5a ← - "postfix message" 1795801551466720000..1795801551614989000 ok {"mta.queue_id":"71A8720C559",…} links:[]`
 * Resource attributes are left out (they may carry a process id); everything else must match exactly.
 *
 * Limits: pure; relies on mtatrace's deterministic trace and span ids.
 */
import type { FlatSpan } from '../../support/otlp-receiver.js';

const sortedJson = (o: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));

export function spanSummary(s: FlatSpan): string {
  const links = s.links.map((l) => `${l.traceId}/${l.spanId}${sortedJson(l.attrs)}`).sort().join(',');
  return [
    s.traceId, s.spanId, '←', s.parentSpanId || '-', JSON.stringify(s.name), `${s.start}..${s.end}`,
    s.status.code ?? 0, s.status.message ?? '', sortedJson(s.attrs), `links:[${links}]`,
  ].join(' ');
}

export const spanSummaries = (spans: FlatSpan[]): string[] => spans.map(spanSummary).sort();
