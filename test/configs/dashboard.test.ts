/**
 * dashboard — examples/grafana/mtatrace-dashboard.json shows what an on-call needs, and every metric,
 * attribute, event and span name its PromQL, LogQL and TraceQL use exists in src/otel/semconv.ts (after
 * each backend's name translation, see query-names.ts), so the dashboard cannot drift from what mtatrace emits.
 *
 *   sum by (mta_cause) (rate(mta_deliveries_total{mta_status="deferred"}[5m]))   ← mta.deliveries, mta.cause, mta.status
 *
 * Limits: queries are checked by name, not run: there is no Prometheus, Loki or Tempo here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKQL, checkLogQL, checkPromQL, checkTraceQL } from './query-names.js';

const ROOT = join(import.meta.dirname, '..', '..');
type Obj = Record<string, any>; // walking untyped JSON
const dashboard = JSON.parse(readFileSync(join(ROOT, 'examples', 'grafana', 'mtatrace-dashboard.json'), 'utf8')) as Obj;
const panels = (dashboard.panels as Obj[]).filter((p) => p.type !== 'row');

interface Query { where: string; lang: 'promql' | 'logql' | 'traceql'; query: string }
const LANG: Record<string, Query['lang']> = { prometheus: 'promql', loki: 'logql', tempo: 'traceql' };

function queries(): Query[] {
  const out: Query[] = [];
  for (const p of panels) {
    for (const t of p.targets as Obj[]) {
      const type = (t.datasource ?? p.datasource).type as string;
      out.push({ where: `panel '${p.title as string}' ${t.refId as string}`, lang: LANG[type], query: (t.expr ?? t.query) as string });
    }
  }
  for (const a of dashboard.annotations.list as Obj[]) out.push({ where: `annotation '${a.name as string}'`, lang: LANG[a.datasource.type as string], query: a.expr as string });
  for (const v of dashboard.templating.list as Obj[]) {
    const m = /^label_values\((\w+),\s*(\w+)\)$/.exec((v.definition ?? '') as string);
    if (m) out.push({ where: `variable '${v.name as string}'`, lang: 'promql', query: `${m[1]}{${m[2]}="X"}` });
  }
  return out;
}

const CHECK = { promql: checkPromQL, logql: checkLogQL, traceql: checkTraceQL };
const ALL = queries();

describe('examples/grafana/mtatrace-dashboard.json', () => {
  it('queries only the provisioned data sources', () => {
    for (const q of ALL) expect(q.lang, q.where).toBeDefined();
    for (const p of panels) expect(['prometheus', 'loki', 'tempo'], p.title as string).toContain(p.datasource.uid);
  });

  it.each(ALL.map((q) => [q.where, q] as const))('%s uses only names mtatrace emits', (_, q) => {
    expect(CHECK[q.lang](q.query)).toEqual([]);
  });

  it('has the panels an on-call needs', () => {
    const all = ALL.map((q) => q.query).join('\n');
    for (const needed of [
      /mta_queue_messages\{/, /mta_queue_oldest_age_seconds\{/, // queue depth by queue, oldest age
      /by \(mta_status\) \(rate\(mta_deliveries_total/, /by \(mta_cause\) \(rate\(mta_deliveries_total\{[^}]*deferred/, // over time
      /mta_status="bounced".*\/.*mta_deliveries_total/, // bounce rate
      /topk\(10, sum by \(mta_recipient_domain\)/, /topk\(10, sum by \(mta_relay\)/, // top deferring domains / relays
      /mta_alerts_active/, /event_name="mta\.alert"/, // active alerts
      /event_name="mta\.recipient\.completed"/, /name = "mta\.delivery" && status = error/, // failures → traces
      /mta_check_result="pass".*\/.*mta_checks_total\{[^}]*mta_check_direction="inbound"/, // inbound DKIM/SPF/DMARC pass rate
      /mta_check_result="signed"/, /mta_content_verdicts_total/, // outbound signing, content verdicts
      /event_name="mta\.message\.checked" \| mta_check_kind="dmarc" \| mta_check_result="fail"/, // DMARC failures → traces
    ]) expect(all).toMatch(needed);
    expect(panels.filter((p) => p.type === 'logs').map((p) => p.title as string)).toContainEqual(expect.stringMatching(/trace/));
  });

  it('unique panel ids and no overlapping grid positions', () => {
    const all = dashboard.panels as Obj[];
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    const cells = new Set<string>();
    for (const p of all) {
      const { x, y, w, h } = p.gridPos as { x: number; y: number; w: number; h: number };
      expect(x + w, p.title as string).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        expect(cells.has(`${i},${j}`), `${p.title as string} overlaps at ${i},${j}`).toBe(false);
        cells.add(`${i},${j}`);
      }
    }
  });
});

describe('the name checks catch drift', () => {
  it('PromQL: unknown metric, untranslated name, label not on the metric, unknown cause', () => {
    expect(checkPromQL('sum(rate(mta_deliveries[5m]))')).toEqual(["unknown metric 'mta_deliveries'"]);
    expect(checkPromQL('mta_queue_oldest_age{mta_queue="deferred"}')).toContain("unknown metric 'mta_queue_oldest_age'");
    expect(checkPromQL('sum by (mta_relay) (mta_deliveries_total)')).toEqual(["label 'mta_relay' is not an attribute of mta_deliveries_total"]);
    expect(checkPromQL('mta_deliveries_total{mta_cause="dns_error"}')).toEqual(["mta.cause: unknown value 'dns_error'"]);
    expect(checkPromQL('histogram_quantile(0.9, sum by (le) (rate(mta_delivery_duration_seconds_bucket[5m])))')).toEqual([]);
  });

  it('LogQL: dotted names, unknown event, unindexed stream label', () => {
    expect(checkLogQL('{service_name="postfix"} | mta.cause="dns_failure"')).not.toEqual([]);
    expect(checkLogQL('{service_name="postfix"} | event_name="mta.delivery.deferred"')).toEqual(["event.name: unknown value 'mta.delivery.deferred'"]);
    expect(checkLogQL('{mta_cause="dns_failure"}')).toEqual(["'mta_cause' is not a Loki index label"]);
    expect(checkLogQL('{service_name="postfix"} | mta_queue_id="4B7C21A0F3" | keep mta_sender')).toEqual([]);
  });

  it('TraceQL: wrong scope, unknown attribute, unknown span name', () => {
    expect(checkTraceQL('{ resource.mta.queue_id = "4B7C21A0F3" }')).toEqual(["'resource.mta.queue_id' is not a resource attribute mtatrace sets"]);
    expect(checkTraceQL('{ span.mta.queueid = "4B7C21A0F3" }')).toEqual(["'span.mta.queueid' is not a span attribute mtatrace sets"]);
    expect(checkTraceQL('{ name = "mta.attempt" }')).toEqual(["span name: unknown value 'mta.attempt'"]);
  });

  it('KQL: fields outside the otel mapping', () => {
    expect(checkKQL('labels.mta_cause : "dns_failure"')).toEqual(["'labels.mta_cause' is not a field of the otel mapping"]);
    expect(checkKQL('attributes.mta.cause : "dns_failure" and resource.attributes.host.name : mx1')).toEqual([]);
  });
});
