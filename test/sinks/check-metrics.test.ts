/**
 * check-metrics — the metric sink counts the verdicts and stores of the programs beside Postfix with bounded
 * labels only: `mta.checks` by kind, result, direction and host; `mta.content.verdicts` by result and program;
 * `mta.mailbox.stores` by result. Fed the engine's outputs for test/golden/checks.log.
 */
import { readFileSync } from 'node:fs';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Classifier } from '../../src/classify/classify.js';
import { Engine } from '../../src/engine.js';
import { createRecordParser } from '../../src/input/index.js';
import { OtlpMetricSink } from '../../src/sinks/otlp-metrics.js';
import { DEFAULT_ALERTS } from '../../src/watch/alerts.js';

const classifier = new Classifier([]);
const mem = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const engine = new Engine({
  toRecord: createRecordParser({ timezone: 'UTC' }), traceKey: 'message-id', classify: (ev) => classifier.classify(ev as never),
  reorderWindowMs: 500, alerts: DEFAULT_ALERTS, live: false, spans: false, emit: (...w) => sink.write(...w),
});
const sink = new OtlpMetricSink({ serviceName: 't', version: 't', intervalMs: 3_600_000, exporter: mem }, {
  watch: engine.watch, nowUs: () => engine.watch.nowUs, stats: engine.stats, inflight: () => 0, exports: () => [], lastReconciliation: () => undefined,
});
for (const line of readFileSync(new URL('../golden/checks.log', import.meta.url), 'utf8').split('\n')) if (line) engine.line(line, 0);
engine.drain(0);
engine.endWatch();
engine.finishAll(0);

const closed = sink.close(engine.settle());

async function points(name: string): Promise<Record<string, number>> {
  await closed;
  const out: Record<string, number> = {};
  for (const m of mem.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).filter((x) => x.descriptor.name === name)) {
    for (const p of m.dataPoints) {
      const k = Object.entries(p.attributes).filter(([a]) => a !== 'host.name').map(([a, v]) => `${a.split('.').pop() ?? a}=${String(v)}`).sort().join(' ');
      out[k] = (out[k] ?? 0) + (p.value as number);
    }
  }
  return out;
}

describe('metrics of the programs beside Postfix', () => {
  it('counts every verdict by kind, result and direction (joined or not), content verdicts by filter, stores by result', async () => {
    expect(await points('mta.checks')).toEqual({
      'direction=inbound kind=spf result=pass': 1, 'direction=inbound kind=spf result=softfail': 1,
      'direction=inbound kind=dkim result=pass': 1, 'direction=inbound kind=dkim result=fail': 1,
      'direction=outbound kind=dkim result=signed': 1,
      'direction=inbound kind=dmarc result=pass': 2, 'direction=inbound kind=dmarc result=fail': 1,
      'direction=inbound kind=content result=clean': 1,
    });
    expect(await points('mta.content.verdicts')).toEqual({ 'program=amavis result=clean': 1 });
    expect(await points('mta.mailbox.stores')).toEqual({ 'result=saved': 1 });
  });
});
