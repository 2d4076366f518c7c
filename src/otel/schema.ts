/**
 * schema — renders the tables of semconv.ts as Markdown for docs/schema.md (`npm run docs` writes it; a test
 * fails when the file and the tables differ).
 */
import { ATTRS, EVENTS, METRICS, SPANS, type AttrDef, type MetricDef, type NameDef } from './semconv.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function schemaMarkdown(): string {
  const out = [
    '# mtatrace telemetry schema',
    '',
    'Generated from `src/otel/semconv.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Cardinality `high` means: fine on spans and log records (Tempo search, Loki structured metadata), never a metric',
    'attribute or a resource attribute (Loki index label). Every metric attribute is bounded: causes, statuses and',
    'transports are closed sets, and recipient domains appear only through an allow-list or top-N, the rest as `other`.',
    '',
    '## Attributes',
    '',
    '| name | type | on | cardinality | meaning |',
    '|---|---|---|---|---|',
    ...Object.values(ATTRS as Record<string, AttrDef>).map((a) => `| \`${a.name}\` | ${a.type} | ${a.on} | ${a.cardinality} | ${esc(a.doc)} |`),
    '',
    '## Spans',
    '',
    '| name | meaning |',
    '|---|---|',
    ...Object.values(SPANS as Record<string, NameDef>).map((s) => `| \`${s.name}\` | ${esc(s.doc)} |`),
    '',
    '## Events (NDJSON `event`, OTLP log record event name and `event.name`)',
    '',
    '| name | meaning |',
    '|---|---|',
    ...Object.values(EVENTS as Record<string, NameDef>).map((e) => `| \`${e.name}\` | ${esc(e.doc)} |`),
    '',
    'Every NDJSON line also has `time` (RFC 3339, UTC, microseconds), `event`, `host.name`, and for events of a',
    'message `trace_id` and `span_id`.',
    '',
    '## Metrics',
    '',
    'Metric data points carry the time they were collected, not log time (the OpenTelemetry metrics SDK stamps',
    '`timeUnixNano` at collection): right for live input; replaying an old log exports its totals stamped with the',
    'time of the run (its spans, log records and alerts keep their log times). The export interval is',
    '`OTEL_METRIC_EXPORT_INTERVAL` (default 60 s) and there is a final export at exit. Queue gauges are derived',
    'from the log: a message queued before the input began is counted once a line about it appears, so they are',
    'exact only since `mta.queue.exact_since`; `--queue-command \'postqueue -j\'` corrects them from the real queue.',
    '`host.name` is a data point attribute on `mta.*` metrics so several MTAs behind one collector never collide.',
    '',
    '| name | instrument | unit | attributes | meaning |',
    '|---|---|---|---|---|',
    ...Object.values(METRICS as Record<string, MetricDef>).map((m) => `| \`${m.name}\` | ${m.instrument} | \`${m.unit}\` | ${m.attrs.map((a) => `\`${a}\``).join(', ')} | ${esc(m.doc)} |`),
    '',
  ];
  return out.join('\n');
}
