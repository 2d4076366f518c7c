import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it, vi } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import type { EventOut } from '../../src/otel/model.js';
import { OtlpLogSink } from '../../src/sinks/otlp-logs.js';
import { DomainLabels } from '../../src/sinks/otlp-metrics.js';
import { newStats } from '../../src/engine.js';

const event = (i: number, extra: Partial<EventOut> = {}): EventOut => ({
  name: 'mta.delivery.attempt', timeUs: 1795687201_123456 + i, host: 'mx1', severity: 'WARN', body: `to=<b${i}@example.net>, status=deferred (…)`,
  traceId: 'd6530190f22f84bf02ef95df64b09dcf', spanId: '44cc940164a0cf7b', attrs: { 'mta.queue_id': '4B7C21A0F3', 'mta.status': 'deferred', 'mta.cause': undefined }, ...extra,
});
const signal = {} as Signal;

/** An exporter that holds every batch until the test answers it. */
function heldExporter() {
  const pending: { batch: ReadableLogRecord[]; done: (r: ExportResult) => void }[] = [];
  return {
    pending,
    exporter: { export: (batch: ReadableLogRecord[], done: (r: ExportResult) => void) => { pending.push({ batch, done }); }, shutdown: async () => {} },
  };
}

describe('OtlpLogSink', () => {
  it('builds records with log time, event name (also as event.name), severity, body and the span context', () => {
    const { pending, exporter } = heldExporter();
    const sink = new OtlpLogSink({ serviceName: 'postfix', version: 't', stderr: process.stderr, batchSize: 1, exporter });
    sink.write(signal, [], [event(0)]);
    const [r] = pending[0].batch;
    expect(r.hrTime).toEqual([1795687201, 123456000]);
    expect(r).toMatchObject({ eventName: 'mta.delivery.attempt', severityText: 'WARN', severityNumber: 13, body: 'to=<b0@example.net>, status=deferred (…)' });
    expect(r.attributes).toEqual({ 'mta.queue_id': '4B7C21A0F3', 'mta.status': 'deferred', 'event.name': 'mta.delivery.attempt' });
    expect(r.spanContext).toEqual({ traceId: 'd6530190f22f84bf02ef95df64b09dcf', spanId: '44cc940164a0cf7b', traceFlags: 1 });
    expect(r.resource.attributes).toMatchObject({ 'service.name': 'postfix', 'host.name': 'mx1' });
    expect(Object.keys(r.resource.attributes).some((k) => k.startsWith('mta.'))).toBe(false);
    pending[0].done({ code: ExportResultCode.SUCCESS });
  });

  it('is busy instead of dropping when its queue is full, and drains when the exporter answers', async () => {
    const { pending, exporter } = heldExporter();
    const errors: string[] = [];
    const quiet = { write: (s: string) => { errors.push(s); return true; } } as unknown as NodeJS.WritableStream;
    const sink = new OtlpLogSink({ serviceName: 'postfix', version: 't', stderr: quiet, batchSize: 2, maxQueue: 4, retryMaxMs: 0, exporter });
    for (let i = 0; i < 4; i++) sink.write(signal, [], [event(i)]);
    expect(sink.busy()).toBe(true);
    let drained = false;
    const waiting = sink.drained().then(() => { drained = true; });
    await Promise.resolve();
    expect(drained).toBe(false);
    pending[0].done({ code: ExportResultCode.SUCCESS });
    await waiting;
    expect(sink.busy()).toBe(false);
    pending[1].done({ code: ExportResultCode.FAILED, error: new Error('503') });
    const closing = new OtlpLogSink({ serviceName: 'postfix', version: 't', stderr: quiet, batchSize: 10, retryMaxMs: 0, exporter });
    closing.write(signal, [], [event(9)]);
    const closed = closing.close(newStats());
    pending[2].done({ code: ExportResultCode.FAILED, error: new Error('503') });
    await closed;
    expect(closing.exported).toEqual({ records: 0, dropped: 1, failures: 1, retried: 0 });
    expect(sink.exported).toEqual({ records: 2, dropped: 2, failures: 1, retried: 0 });
    expect(errors.join('')).toContain('log record export failed, 2 log records dropped: 503');
    expect(errors.join('')).toContain('1 log records dropped');
  });
});

describe('OtlpLogSink retries', () => {
  it('keeps a failed batch queued (input stays paused) and retries it with backoff until the collector is back', async () => {
    vi.useFakeTimers();
    try {
      const { pending, exporter } = heldExporter();
      const errors: string[] = [];
      const quiet = { write: (t: string) => { errors.push(t); return true; } } as unknown as NodeJS.WritableStream;
      const sink = new OtlpLogSink({ serviceName: 'postfix', version: 't', stderr: quiet, batchSize: 2, maxQueue: 2, retryMaxMs: 60_000, exporter });
      sink.write(signal, [], [event(0), event(1)]);
      pending[0].done({ code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED') });
      expect(sink.busy()).toBe(true);
      expect(errors.join('')).toContain('retrying for up to 60 s');
      await vi.advanceTimersByTimeAsync(1000);
      expect(pending).toHaveLength(2);
      pending[1].done({ code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED') });
      await vi.advanceTimersByTimeAsync(1999);
      expect(pending).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      pending[2].done({ code: ExportResultCode.SUCCESS });
      expect(sink.busy()).toBe(false);
      expect(sink.exported).toEqual({ records: 2, dropped: 0, failures: 2, retried: 2 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('OtlpLogSink.abandon (--close-timeout)', () => {
  it('counts what is still queued or in flight as dropped and ignores late export results', () => {
    const { pending, exporter } = heldExporter();
    const sink = new OtlpLogSink({ serviceName: 'postfix', version: 't', stderr: process.stderr, batchSize: 2, exporter });
    for (let i = 0; i < 3; i++) sink.write(signal, [], [event(i)]);
    expect(sink.abandon()).toBe(3);
    pending[0].done({ code: ExportResultCode.SUCCESS });
    expect(sink.exported).toEqual({ records: 0, dropped: 3, failures: 0, retried: 0 });
    expect(sink.busy()).toBe(false);
  });
});

describe('DomainLabels (bounded mta.recipient.domain on metrics)', () => {
  it('keeps only the allow-list when one is given', () => {
    const d = new DomainLabels(['Gmail.com', 'example.net'], 10);
    expect(['gmail.com', 'example.net', 'yahoo.com'].map((x) => d.label(x))).toEqual(['gmail.com', 'example.net', 'other']);
  });
  it('without one, labels the first N domains seen and everything after as other', () => {
    const d = new DomainLabels([], 2);
    expect(['a.example', 'b.example', 'c.example', 'a.example'].map((x) => d.label(x))).toEqual(['a.example', 'b.example', 'other', 'a.example']);
  });
});
