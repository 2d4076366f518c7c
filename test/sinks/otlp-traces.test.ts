import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import type { SpanOut } from '../../src/otel/model.js';
import { OtlpTraceSink } from '../../src/sinks/otlp.js';
import { decodeOtlpProtobuf } from '../support/otlp-protobuf.js';

const span = (i: number, extra: Partial<SpanOut> = {}): SpanOut => ({
  traceId: 'd6530190f22f84bf02ef95df64b09dcf', spanId: `44cc940164a0cf${String(i).padStart(2, '0')}`, parentSpanId: '1111222233334444',
  name: 'postfix.delivery', kind: 'client', startUs: 1_795_687_201_123_456, endUs: 1_795_687_203_623_456 + i, host: 'mx1',
  attrs: { 'mta.queue_id': '4B7C21A0F3', 'mta.status': 'deferred', 'mta.cause': undefined }, links: [], ...extra,
});

/** An exporter that keeps every batch and answers each with success. */
function keepingExporter() {
  const batches: ReadableSpan[][] = [];
  return { batches, exporter: { export: (b: ReadableSpan[], done: (r: ExportResult) => void) => { batches.push(b); done({ code: ExportResultCode.SUCCESS }); }, shutdown: async () => {} } };
}

describe('OtlpTraceSink', () => {
  it('hands the exporter spans with the log times, parent, status, resource per host, and no undefined attributes', () => {
    const { batches, exporter } = keepingExporter();
    const sink = new OtlpTraceSink({ serviceName: 'postfix', version: 't', stderr: process.stderr, batchSize: 2, exporter });
    sink.write({} as Signal, [span(1), span(2, { error: 'dns_failure', host: 'mx2' })], []);
    expect(batches).toHaveLength(1);
    const [a, b] = batches[0];
    expect(a.startTime).toEqual([1795687201, 123456000]);
    expect(a.duration).toEqual([2, 500001000]);
    expect(a.spanContext()).toMatchObject({ traceId: 'd6530190f22f84bf02ef95df64b09dcf', spanId: '44cc940164a0cf01' });
    expect(a.parentSpanContext?.spanId).toBe('1111222233334444');
    expect(a.attributes).toEqual({ 'mta.queue_id': '4B7C21A0F3', 'mta.status': 'deferred' });
    expect(b.status).toEqual({ code: 2, message: 'dns_failure' });
    expect(a.resource.attributes['host.name']).toBe('mx1');
    expect(b.resource.attributes['host.name']).toBe('mx2');
    expect(sink.exported.spans).toBe(2);
  });

  it('makes spans the official protobuf serializer encodes as they were built', () => {
    const { batches, exporter } = keepingExporter();
    const sink = new OtlpTraceSink({ serviceName: 'postfix', version: 't', stderr: process.stderr, batchSize: 1, exporter });
    sink.write({} as Signal, [span(7)], []);
    const body = ProtobufTraceSerializer.serializeRequest(batches[0]);
    const decoded = decodeOtlpProtobuf('/v1/traces', body as Uint8Array);
    const [wire] = decoded.resourceSpans[0].scopeSpans[0].spans;
    expect(wire).toMatchObject({ traceId: 'd6530190f22f84bf02ef95df64b09dcf', spanId: '44cc940164a0cf07', parentSpanId: '1111222233334444', name: 'postfix.delivery' });
    expect(wire.startTimeUnixNano).toBe('1795687201123456000');
    expect(wire.endTimeUnixNano).toBe('1795687203623463000');
  });
});
