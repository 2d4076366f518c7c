/**
 * contract — what every sink promises (src/sinks/sink.ts), checked on each of them with the outputs of the
 * engine for examples/sample.log and test/golden/checks.log (message signals, verdicts and stores of the
 * programs beside Postfix, and watch reports, with their spans and events):
 *   write   takes every kind of output, never throws, never refuses;
 *   order   what leaves, leaves in the order written (OTLP: handed to the exporter in that order; a batch that
 *           fails and is retried may arrive after later ones, so order is not promised across a failure);
 *   busy    true only while an output is slower than the input; `drained()` resolves when it is false again;
 *   flush   resolves once everything written before it has left the process (or was counted as dropped);
 *   close   everything written has left (or was counted) when it resolves;
 *   loss    nothing is lost silently: delivered + `dropped()` = written, and `abandon()` counts what it gives up.
 * The text and metric sinks write synchronously and are never busy; NDJSON is busy while stdout is.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Engine, type Output } from '../../src/engine.js';
import { createRecordParser } from '../../src/input/index.js';
import { Classifier } from '../../src/classify/classify.js';
import type { EventOut, SpanOut } from '../../src/otel/model.js';
import { eventJson, NdjsonSink } from '../../src/sinks/ndjson.js';
import { OtlpLogSink } from '../../src/sinks/otlp-logs.js';
import { OtlpMetricSink } from '../../src/sinks/otlp-metrics.js';
import { OtlpTraceSink } from '../../src/sinks/otlp.js';
import type { Sink } from '../../src/sinks/sink.js';
import { TextSink } from '../../src/sinks/text.js';
import { DEFAULT_ALERTS } from '../../src/watch/alerts.js';

type Written = [Output, readonly SpanOut[], readonly EventOut[]];

const written: Written[] = [];
const classifier = new Classifier([]);
const engine = new Engine({
  toRecord: createRecordParser({ timezone: 'UTC' }), traceKey: 'message-id', classify: (ev) => classifier.classify(ev as never),
  // The fixed thresholds (no pace learned from this short log), so that an alert is among the outputs.
  reorderWindowMs: 500, alerts: { ...DEFAULT_ALERTS, silenceLines: 0, stallDeliveries: 0 }, live: false, spans: true, emit: (...w) => { written.push(w); },
});
// checks.log adds the verdicts and stores of the programs beside Postfix (checked, stored, unattached).
for (const log of ['../../examples/sample.log', '../golden/checks.log']) {
  for (const line of readFileSync(new URL(log, import.meta.url), 'utf8').split('\n')) if (line) engine.line(line, 0);
}
engine.drain(0);
engine.endWatch();
engine.finishAll(0);
const stats = engine.settle();

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const allEvents = (ws: readonly Written[]): string[] => ws.flatMap(([, , e]) => e.map(eventJson));
const allSpans = (ws: readonly Written[]): string[] => ws.flatMap(([, s]) => s.map((x) => x.spanId));

/** An exporter whose answers the test controls: `ok`, `slow` (held until `release`), `failing` (HTTP 400). */
function exporter(mode: 'ok' | 'slow' | 'failing') {
  const got: string[] = [];
  const held: (() => void)[] = [];
  return {
    got, release: () => { for (const h of held.splice(0)) h(); },
    exporter: {
      export: (items: { spanContext(): { spanId: string } }[] | unknown[], done: (r: ExportResult) => void) => {
        const answer = (): void => {
          if (mode === 'failing') return done({ code: ExportResultCode.FAILED, error: Object.assign(new Error('400'), { code: 400 }) });
          got.push(...(items as { spanId?: string; eventName?: string; body?: unknown }[]).map((i) => i.spanId ?? `${String(i.eventName)} ${String(i.body)}`));
          done({ code: ExportResultCode.SUCCESS });
        };
        if (mode === 'slow') held.push(answer); else answer();
      },
      shutdown: () => Promise.resolve(),
    },
  };
}

interface Harness {
  sink: Sink;
  /** What has left the sink so far, in order, as comparable strings. */
  delivered(): string[];
  /** What should have left for these outputs. */
  expected(ws: readonly Written[]): string[];
  /** For slow consumers: let everything waiting through. */
  release?(): void;
  /** A stream sink hands its output to a stream (stdout: synchronous for files and pipes on Linux); this waits
   * until the test's asynchronous stream has taken all of it. */
  settled?(): Promise<void>;
}
type Mode = 'ok' | 'slow' | 'failing';

function stream(mode: Mode): { out: Writable; text: () => string; settled: () => Promise<void> } {
  let text = '';
  const out = new Writable({
    highWaterMark: mode === 'slow' ? 1024 : 1 << 30,
    write(chunk: Buffer, _enc, cb) { text += String(chunk); if (mode === 'slow') setTimeout(cb, 1); else cb(); },
  });
  return { out, text: () => text, settled: () => new Promise((resolve) => out.write('', () => resolve())) };
}

const SINKS: Record<string, (mode: Mode) => Harness> = {
  ndjson: (mode) => {
    const s = stream(mode);
    return { sink: new NdjsonSink(s.out), delivered: () => s.text().split('\n').filter(Boolean), expected: allEvents, settled: s.settled };
  },
  text: (mode) => {
    const s = stream(mode);
    const heads = (t: string): string[] => [...t.matchAll(/^(\w+) @ (\S+) /gm)].map((m) => `${m[1]}@${m[2]}`);
    return {
      sink: new TextSink(s.out), delivered: () => heads(s.text()), settled: s.settled,
      expected: (ws) => ws.flatMap(([o]) => (o.type === 'finished' ? [`${o.lc.queueId}@${o.lc.host}`] : [])),
    };
  },
  'otlp traces': (mode) => {
    const e = exporter(mode);
    const sink = new OtlpTraceSink({ serviceName: 't', version: 't', stderr: quiet, batchSize: 7, maxQueue: 20, flushMs: 1, retryMaxMs: 0, exporter: e.exporter as never });
    return { sink, delivered: () => e.got, expected: allSpans, release: e.release };
  },
  'otlp logs': (mode) => {
    const e = exporter(mode);
    const sink = new OtlpLogSink({ serviceName: 't', version: 't', stderr: quiet, batchSize: 7, maxQueue: 20, flushMs: 1, retryMaxMs: 0, exporter: e.exporter as never });
    return { sink, delivered: () => e.got, expected: (ws) => ws.flatMap(([, , ev]) => ev.map((x) => `${x.name} ${x.body}`)), release: e.release };
  },
  'otlp metrics': () => {
    const mem = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const sink = new OtlpMetricSink({ serviceName: 't', version: 't', intervalMs: 3_600_000, exporter: mem }, {
      watch: engine.watch, nowUs: () => engine.watch.nowUs, stats, inflight: () => 0, exports: () => [], lastReconciliation: () => undefined,
    });
    const deliveries = (): string[] => {
      const points = mem.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).filter((m) => m.descriptor.name === 'mta.deliveries').flatMap((m) => m.dataPoints);
      return [String(points.reduce((n, p) => n + (p.value as number), 0))];
    };
    return { sink, delivered: deliveries, expected: (ws) => [String(ws.filter(([o]) => o.type === 'attempt').length)] };
  },
};

const settle = (k: Sink): Promise<void> => (k.flush ? k.flush() : k.drained());

describe.each(Object.keys(SINKS))('the %s sink', (name) => {
  it('takes every kind of output, and has delivered all of it, in order, when close() resolves', async () => {
    expect(new Set(written.map(([o]) => o.type))).toEqual(new Set(['received', 'attempt', 'state', 'completed', 'finished', 'smtpd-rejected', 'alert', 'checked', 'stored', 'unattached']));
    const h = SINKS[name]('ok');
    for (const w of written) h.sink.write(...w);
    await h.sink.close(stats);
    expect(h.delivered()).toEqual(h.expected(written));
    expect(h.sink.dropped?.() ?? 0).toBe(0);
  });

  it('has delivered everything written before flush() (or drained()) when it resolves', async () => {
    if (name === 'otlp metrics') return; // aggregates leave at the periodic export and at close, not per write
    const h = SINKS[name]('ok');
    const half = written.slice(0, Math.floor(written.length / 2));
    for (const w of half) h.sink.write(...w);
    await settle(h.sink);
    expect(h.delivered()).toEqual(h.expected(half));
    await h.sink.close(stats);
  });

  it('is busy only while its consumer is slower, drains, and loses nothing meanwhile', async () => {
    const h = SINKS[name]('slow');
    let wasBusy = false;
    for (const [i, w] of written.entries()) {
      h.sink.write(...w);
      // Let the event loop run now and then, as the input does between chunks.
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (h.sink.busy()) {
        wasBusy = true;
        const drained = h.sink.drained();
        h.release?.();
        await drained;
        expect(h.sink.busy()).toBe(false);
      }
    }
    const closed = h.sink.close(stats);
    h.release?.();
    await closed;
    await h.settled?.();
    expect(wasBusy).toBe(name === 'ndjson' || name.startsWith('otlp t') || name === 'otlp logs');
    expect(h.delivered()).toEqual(h.expected(written));
  });

  it('counts what it cannot deliver: delivered + dropped() = written, and abandon() counts what it gives up', async () => {
    if (!SINKS[name]('ok').sink.dropped) return; // text, NDJSON, metrics never drop: they refuse nothing (above)
    const failing = SINKS[name]('failing');
    for (const w of written) failing.sink.write(...w);
    await failing.sink.close(stats);
    expect(failing.delivered().length + (failing.sink.dropped?.() ?? 0)).toBe(failing.expected(written).length);
    expect(failing.sink.dropped?.()).toBe(failing.expected(written).length);

    const hung = SINKS[name]('slow');
    for (const w of written.slice(0, 3)) hung.sink.write(...w);
    const n = hung.expected(written.slice(0, 3)).length;
    expect(hung.sink.abandon?.()).toBe(n);
    expect(hung.sink.dropped?.()).toBe(n);
    hung.release?.();
  });
});
