/**
 * real-otlp — the dashboard's and cookbook's TraceQL, PromQL and LogQL find what the built mtatrace really exports.
 *
 * Runs `node dist/main.js --once --output otlp` on examples/sample.log and a log captured from a real Postfix,
 * receives the OTLP/HTTP payloads on 127.0.0.1 (test/support/otlp-receiver.ts), then:
 *   TraceQL  `{ name = "mta.delivery" && span.mta.cause = "dns_failure" }` is evaluated on the spans;
 *   PromQL   `sum by (mta_cause) (rate(mta_deliveries_total{mta_status="deferred"}[5m]))` must name a metric
 *            that was exported, with data points carrying `mta.cause` and `mta.status`.
 *
 * Limits: needs `npm run build` first. TraceQL: `&&` of comparisons inside one `{ }` only (duration compares are
 * not evaluated); the pipeline after `}` is checked for field presence, not run. Example values that the two
 * logs do not contain (a Message-ID, a recipient) are not expected to match.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../support/otlp-receiver.js';
import type { FlatLog, FlatMetric, FlatSpan, Receiver } from '../support/otlp-receiver.js';
import { metricOfSeries, promParts, queriesInMarkdown, stripGrafanaVars, underscore } from './query-names.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
// checks.log: the verdicts and stores of the programs beside Postfix (OpenDKIM, OpenDMARC, policyd-spf, amavis, Dovecot).
const LOGS = ['examples/sample.log', 'test/fixtures/real/postfix-rsyslog-rfc3339.log', 'test/golden/checks.log'].map((f) => join(ROOT, f));

let receiver: Receiver;
let spans: FlatSpan[] = [];
let metrics: FlatMetric[] = [];
let logs: FlatLog[] = [];

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  receiver = await startReceiver();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--once', '--output', 'otlp', ...LOGS], {
      env: { ...process.env, TZ: 'UTC', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mtatrace exited ${String(code)}: ${err}`))));
  });
  spans = receiver.spans();
  metrics = receiver.metrics();
  logs = receiver.logs();
}, 60_000);
afterAll(async () => { await receiver?.close(); });

interface Cond { field: string; op: string; value: string }
/** `{ a = "x" && status = error } | …` → the comparisons; undefined when the query uses anything else. */
function conditions(query: string): Cond[] | undefined {
  const body = /^\{(.*)\}/.exec(query.trim())?.[1];
  if (body === undefined || body.includes('||')) return undefined;
  const conds: Cond[] = [];
  for (const part of body.split('&&')) {
    const m = /^\s*([\w.:]+)\s*(=~|!~|!=|>=|<=|=|>|<)\s*(?:"([^"]*)"|(\S+))\s*$/.exec(part);
    if (!m) return undefined;
    conds.push({ field: m[1], op: m[2], value: m[3] ?? m[4] });
  }
  return conds;
}
function fieldOf(s: FlatSpan, field: string): unknown {
  if (field === 'name' || field === 'span:name') return s.name;
  if (field === 'status' || field === 'span:status') return ({ 0: 'unset', 1: 'ok', 2: 'error' } as Record<number, string>)[s.status.code ?? 0];
  if (field.startsWith('span.')) return s.attrs[field.slice(5)];
  if (field.startsWith('resource.')) return s.resource[field.slice(9)];
  if (field.startsWith('.')) return s.attrs[field.slice(1)] ?? s.resource[field.slice(1)];
  return undefined;
}
function holds(s: FlatSpan, c: Cond): boolean {
  const v = fieldOf(s, c.field);
  if (c.field === 'duration' || c.field === 'span:duration') return true;
  const str = v === undefined ? undefined : String(v);
  if (c.op === '=') return str === c.value;
  if (c.op === '!=') return str !== undefined && str !== c.value;
  if (c.op === '=~' || c.op === '!~') return str !== undefined && new RegExp(`^(?:${c.value})$`).test(str) === (c.op === '=~');
  return str !== undefined;
}
const pipelineFields = (query: string): string[] =>
  [...(query.split('}').slice(1).join('}')).matchAll(/\b(span|resource)\.([\w.]*\w)/g)].map((m) => `${m[1]}.${m[2]}`);

const dashboard = JSON.parse(readFileSync(join(ROOT, 'examples', 'grafana', 'mtatrace-dashboard.json'), 'utf8')) as { panels: { title: string; targets?: { datasource: { type: string }; expr?: string; query?: string }[] }[] };
const targets = (type: string): { title: string; q: string }[] =>
  dashboard.panels.flatMap((p) => (p.targets ?? []).filter((t) => t.datasource.type === type).map((t) => ({ title: p.title, q: (t.expr ?? t.query) as string })));
const cookbook = queriesInMarkdown(readFileSync(join(ROOT, 'docs', 'cookbook.md'), 'utf8'));
const EXAMPLE_VALUE = /example\.(org|net)|4B7C21A0F3|"mx1"/;
/** Right queries whose answer the two replayed logs happen not to contain, and why. */
const NOT_IN_THESE_LOGS: Record<string, string> = {
  '{ name = "mta.message" && status = error && span.error.type = "dns_failure" }': 'their DNS-deferred messages were delivered later',
};

describe('TraceQL against exported spans', () => {
  const queries = [...targets('tempo').map((t) => t.q), ...cookbook.filter((c) => c.lang === 'traceql').map((c) => c.query)];

  it.each(queries)('%s', (query) => {
    const conds = conditions(query);
    expect(conds, 'query form the evaluator understands').toBeDefined();
    const hits = spans.filter((s) => (conds ?? []).every((c) => holds(s, c)));
    if (!EXAMPLE_VALUE.test(query) && !(query in NOT_IN_THESE_LOGS)) expect(hits.length, 'spans matched').toBeGreaterThan(0);
    // What the pipeline selects or groups by is on the matched spans (or, for example values, on spans of that name).
    const name = conds?.find((c) => c.field === 'name' || c.field === 'span:name')?.value;
    const pool = hits.length > 0 ? hits : spans.filter((s) => name === undefined || s.name === name);
    for (const f of [...pipelineFields(query), ...(conds ?? []).map((c) => c.field).filter((x) => /^(span|resource)\./.test(x))]) {
      expect(pool.some((s) => fieldOf(s, f) !== undefined), `${f} on ${name ?? 'any span'}`).toBe(true);
    }
  });
});

describe('PromQL against exported metrics', () => {
  const queries = [...targets('prometheus').map((t) => t.q), ...cookbook.filter((c) => c.lang === 'promql').map((c) => c.query)];

  it.each(queries)('%s', (query) => {
    const { metrics: series, labels } = promParts(query);
    const defs = series.map((s) => metricOfSeries(s));
    for (const d of defs) expect(metrics.map((m) => m.name), `exported: ${d?.name ?? '?'}`).toContain(d?.name);
    const points = metrics.filter((m) => defs.some((d) => d?.name === m.name)).flatMap((m) => m.points);
    for (const l of labels.filter((x) => !['job', 'instance', 'le'].includes(x.name))) {
      expect(points.some((p) => Object.keys(p.attrs).some((k) => k.replace(/\./g, '_') === l.name)), `a point with ${l.name}`).toBe(true);
    }
  });
});

describe('LogQL names against exported OTLP log records', () => {
  const queries = [...targets('loki').map((t) => t.q), ...cookbook.filter((c) => c.lang === 'logql').map((c) => c.query)];

  it('records carry event.name (mirrored from EventName) and the trace context of their message', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const l of logs) expect(l.attrs['event.name']).toBe(l.eventName);
    expect(logs.filter((l) => l.eventName === 'mta.recipient.completed').every((l) => /^[0-9a-f]{32}$/.test(l.traceId ?? ''))).toBe(true);
  });

  it.each(queries)('%s', (query) => {
    // What Loki makes of a record: resource and attributes with dots as underscores, plus the ids and severity.
    const keys = new Set(['trace_id', 'span_id', 'severity_text', 'severity_number',
      ...logs.flatMap((l) => [...Object.keys(l.attrs), ...Object.keys(l.resource)].map(underscore))]);
    const q = stripGrafanaVars(query);
    const names = [...q.matchAll(/\|\s*([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)\s*"/g), ...q.matchAll(/\{\s*([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
    for (const m of q.matchAll(/\|\s*keep\s+([\w\s,]+)/g)) names.push(...m[1].split(',').map((s) => s.trim()));
    for (const n of names) expect(keys, n).toContain(n);
  });
});
