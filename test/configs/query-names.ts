/**
 * query-names — checks that PromQL, LogQL, TraceQL and KQL queries (dashboard, cookbook) use only names that
 * mtatrace emits (src/otel/semconv.ts), translated the way each backend stores them.
 *
 * Translations assumed (the defaults of each backend when fed by collector-config/gateway.yaml / elastic.yaml):
 *   Prometheus (OTLP receiver, UnderscoreEscapingWithSuffixes): `mta.deliveries` counter → `mta_deliveries_total`;
 *     `mta.queue.oldest_age` gauge unit s → `mta_queue_oldest_age_seconds`; histogram unit s →
 *     `…_seconds_bucket|_sum|_count`; `{annotation}` units add nothing; attributes `mta.cause` → label `mta_cause`;
 *     `host.name` is a data-point attribute of the `mta.*` metrics → `host_name`; resource `service.name` → `job`,
 *     `service.instance.id` → `instance` (the only labels the self-observation `mtatrace.*` metrics have).
 *   Loki (native OTLP): resource `service.name` → index label `service_name` (`host.name` → `host_name`, promoted);
 *     log attributes → structured metadata with dots as underscores (`mta.cause` → `mta_cause`, `event.name` →
 *     `event_name`), plus `trace_id`, `span_id`, `severity_text`, …
 *   Tempo (TraceQL): `span.mta.cause`, `resource.host.name`; span names via `name` / `span:name`.
 *   Elasticsearch (otel mapping mode): `attributes.mta.cause`, `resource.attributes.host.name`, `name`, `trace_id`.
 * Label values are checked too where the vocabulary is closed (causes, statuses, queues, alerts, events, spans).
 *
 * Limits: a pragmatic tokenizer, not a parser; one query per string; Grafana variables (`$host`, `${x}`,
 * `$__range`) are replaced by placeholders first.
 */
import { CAUSES } from '../../src/classify/causes.js';
import { ATTRS, EVENTS, METRICS, SPANS } from '../../src/otel/semconv.js';

type Attr = (typeof ATTRS)[keyof typeof ATTRS];
const ATTR_LIST: readonly Attr[] = Object.values(ATTRS);
const attr = (name: string): Attr | undefined => ATTR_LIST.find((a) => a.name === name);
const on = (a: Attr | undefined, where: string): boolean => a !== undefined && a.on.includes(where);

/** OTel resource attributes mtatrace sets besides `host.name` (SDK defaults and OTEL_RESOURCE_ATTRIBUTES). */
const RESOURCE = new Set(['service.name', 'service.namespace', 'service.instance.id', 'service.version', 'host.name']);
export const underscore = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');

/** Prometheus series names one OTLP metric becomes. */
export function prometheusNames(m: (typeof METRICS)[keyof typeof METRICS]): string[] {
  const unit = m.unit.replace(/\{[^}]*\}/g, '');
  const suffix = ({ s: 'seconds', ms: 'milliseconds', By: 'bytes' } as Record<string, string>)[unit];
  let base = underscore(m.name);
  if (suffix && !base.endsWith(`_${suffix}`)) base += `_${suffix}`;
  if (m.instrument === 'counter') return [`${base}_total`];
  if (m.instrument === 'histogram') return [`${base}_bucket`, `${base}_sum`, `${base}_count`];
  return [base];
}

const PROM_SERIES = new Map(Object.values(METRICS).flatMap((m) => prometheusNames(m).map((n) => [n, m] as const)));
const PROM_RESOURCE_LABELS = ['job', 'instance'];
const LOKI_INDEX = new Set(['service_name', 'service_namespace', 'host_name']);
const LOKI_BUILTIN = new Set(['trace_id', 'span_id', 'severity_text', 'severity_number', 'detected_level', 'observed_timestamp', 'flags', 'scope_name', '__error__', 'event_name']);
const LOKI_METADATA = new Map([...ATTR_LIST.filter((a) => on(a, 'events')).map((a) => a.name), ...RESOURCE].map((n) => [underscore(n), n]));
const KQL_TOP = new Set(['@timestamp', 'name', 'kind', 'trace_id', 'span_id', 'event_name', 'severity_text', 'body.text', 'status.code', 'duration', 'data_stream.type', 'data_stream.dataset']);

const CAUSE_IDS = new Set(CAUSES.map((c) => c.id));
const backticked = (doc: string): Set<string> => new Set([...doc.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
/** Closed value sets, by OTel attribute name. */
const VALUES: Record<string, Set<string>> = {
  'mta.cause': CAUSE_IDS, 'error.type': CAUSE_IDS, 'mta.last_cause': CAUSE_IDS,
  'mta.status': backticked(ATTRS.status.doc), 'mta.queue': backticked(ATTRS.queue.doc), 'mta.alert': backticked(ATTRS.alert.doc),
  'mta.alert.state': backticked(ATTRS.alertState.doc), 'mta.notification': new Set([...ATTRS.notification.doc.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])),
  'event.name': new Set(Object.values(EVENTS).map((e) => e.name)),
};
const SPAN_NAMES = new Set(Object.values(SPANS).map((s) => s.name));

function checkValue(otelName: string, op: string, raw: string, problems: string[]): void {
  const allowed = otelName === 'span name' ? SPAN_NAMES : VALUES[otelName];
  if (!allowed || raw.includes('X')) return;
  const values = op.includes('~') ? raw.split('|').filter((v) => /^[\w.-]+$/.test(v)) : [raw];
  for (const v of values) if (!allowed.has(v)) problems.push(`${otelName}: unknown value '${v}'`);
}

/** Grafana variables → placeholders that cannot match a real value (`X`) or a duration. */
export function stripGrafanaVars(q: string): string {
  return q.replace(/\$__\w+/g, '5m').replace(/\$\{[^}]*\}|\$\w+/g, 'X');
}

const MATCHER = /([A-Za-z_@][\w.@]*)\s*(=~|!~|!=|==|>=|<=|=|>|<)\s*"([^"]*)"/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The series names and the labels (matchers and groupings) of a PromQL query. */
export function promParts(query: string): { metrics: string[]; labels: { name: string; op?: string; value?: string }[] } {
  const q = stripGrafanaVars(query);
  const labels: { name: string; op?: string; value?: string }[] = [];
  for (const b of q.matchAll(/\{([^{}]*)\}/g)) for (const m of b[1].matchAll(MATCHER)) labels.push({ name: m[1], op: m[2], value: m[3] });
  for (const g of q.matchAll(GROUPING)) for (const n of list(g[1])) labels.push({ name: n });
  const rest = q.replace(/\{[^{}]*\}/g, ' ').replace(GROUPING, ' ').replace(/"[^"]*"/g, ' ');
  return { metrics: [...rest.matchAll(/\b(mta|mtatrace)_\w+/g)].map((m) => m[0]), labels };
}

/** The OTLP metric a Prometheus series name comes from. */
export const metricOfSeries = (series: string): (typeof METRICS)[keyof typeof METRICS] | undefined => PROM_SERIES.get(series);

export function checkPromQL(query: string): string[] {
  const problems: string[] = [];
  const { metrics, labels } = promParts(query);
  if (metrics.length === 0) problems.push('no mtatrace metric in query');
  const allowed = new Map<string, string>(PROM_RESOURCE_LABELS.map((l) => [l, l]));
  for (const name of metrics) {
    const m = PROM_SERIES.get(name);
    if (!m) { problems.push(`unknown metric '${name}'`); continue; }
    for (const a of m.attrs) allowed.set(underscore(a), a);
    if (m.instrument === 'histogram') allowed.set('le', 'le');
  }
  for (const l of labels) {
    const otel = allowed.get(l.name);
    if (!otel) problems.push(`label '${l.name}' is not an attribute of ${metrics.join(', ')}`);
    else if (l.op && l.value !== undefined) checkValue(otel, l.op, l.value, problems);
  }
  return problems;
}

export function checkLogQL(query: string): string[] {
  const q = stripGrafanaVars(query);
  const problems: string[] = [];
  const sel = /\{([^{}]*)\}/.exec(q);
  if (!sel) return ['no stream selector'];
  for (const m of sel[1].matchAll(MATCHER)) if (!LOKI_INDEX.has(m[1])) problems.push(`'${m[1]}' is not a Loki index label`);
  const pipeline = q.slice(sel.index + sel[0].length);
  const used: { name: string; op?: string; value?: string }[] = [];
  for (const m of pipeline.matchAll(/\|\s*([A-Za-z_][\w.]*)\s*(=~|!~|!=|==|>=|<=|=|>|<)\s*"([^"]*)"/g)) used.push({ name: m[1], op: m[2], value: m[3] });
  for (const m of pipeline.matchAll(/\|\s*(?:keep|drop)\s+([\w\s,]+)/g)) for (const n of list(m[1])) used.push({ name: n });
  for (const g of q.matchAll(GROUPING)) for (const n of list(g[1])) used.push({ name: n });
  for (const u of used) {
    const otel = u.name === 'event_name' ? 'event.name' : LOKI_METADATA.get(u.name);
    if (!otel && !LOKI_BUILTIN.has(u.name) && !LOKI_INDEX.has(u.name)) problems.push(`'${u.name}' is not a label or structured metadata key mtatrace writes`);
    else if (otel && u.op && u.value !== undefined) checkValue(otel, u.op, u.value, problems);
  }
  return problems;
}

export function checkTraceQL(query: string): string[] {
  const q = stripGrafanaVars(query);
  const problems: string[] = [];
  const REF = /(?<![\w.:])(span|resource)?\.([A-Za-z_][\w.]*\w)/g;
  for (const m of q.matchAll(/(?<![\w.])((?:span|resource)?\.[A-Za-z_][\w.]*\w|name|span:name|trace:rootName)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
    const ref = m[1];
    const isName = ref === 'name' || ref.endsWith(':name') || ref === 'trace:rootName';
    checkValue(isName ? 'span name' : ref.replace(/^(span|resource)?\./, ''), m[2], m[3], problems);
  }
  const unquoted = q.replace(/"[^"]*"/g, '""');
  for (const m of unquoted.matchAll(REF)) {
    const [, scope, name] = m;
    const a = attr(name);
    const ok = scope === 'span' ? on(a, 'spans') : scope === 'resource' ? RESOURCE.has(name) : on(a, 'spans') || RESOURCE.has(name);
    if (!ok) problems.push(`'${m[0]}' is not a ${scope ?? 'span or resource'} attribute mtatrace sets`);
  }
  return problems;
}

export function checkKQL(query: string): string[] {
  const problems: string[] = [];
  for (const m of query.matchAll(/([A-Za-z_@][\w.@]*)\s*:\s*(?:"([^"]*)"|([\w.*-]+))?/g)) {
    const [, field, quoted, bare] = m;
    const value = quoted ?? bare;
    let otel: string | undefined;
    if (field.startsWith('resource.attributes.')) {
      otel = field.slice('resource.attributes.'.length);
      if (!RESOURCE.has(otel)) problems.push(`'${field}' is not a resource attribute mtatrace sets`);
    } else if (field.startsWith('attributes.')) {
      otel = field.slice('attributes.'.length);
      const a = attr(otel);
      if (!on(a, 'spans') && !on(a, 'events')) problems.push(`'${field}' is not an attribute mtatrace sets`);
    } else if (!KQL_TOP.has(field)) {
      problems.push(`'${field}' is not a field of the otel mapping`);
    } else if (field === 'name') otel = 'span name';
    if (otel && value && !value.includes('*')) checkValue(otel, '=', value, problems);
  }
  return problems;
}

export const CHECKERS: Record<string, (q: string) => string[]> = {
  promql: checkPromQL, logql: checkLogQL, traceql: checkTraceQL, kql: checkKQL,
};

/** Fenced ```promql / ```logql / ```traceql / ```kql blocks → one query per non-empty line. */
export function queriesInMarkdown(md: string): { lang: string; query: string }[] {
  const out: { lang: string; query: string }[] = [];
  for (const m of md.matchAll(/^```(promql|logql|traceql|kql)\n([\s\S]*?)^```/gm)) {
    for (const line of m[2].split('\n')) if (line.trim()) out.push({ lang: m[1], query: line.trim() });
  }
  return out;
}
