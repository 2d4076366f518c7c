import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventOut } from '../../src/otel/model.js';
import { eventJson, isoMicros, NdjsonSink } from '../../src/sinks/ndjson.js';

const event = (attrs: EventOut['attrs'], over: Partial<EventOut> = {}): EventOut => ({
  name: 'mta.delivery.attempt', timeUs: 1_795_796_581_123_456, host: 'mx1', traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8),
  severity: 'INFO', body: '', attrs, ...over,
});

/** What JSON.stringify writes for the same event as one flat object: the oracle eventJson must match byte for byte. */
const oracle = (e: EventOut): string => JSON.stringify({
  time: isoMicros(e.timeUs), event: e.name, 'host.name': e.host, trace_id: e.traceId || undefined, span_id: e.spanId || undefined, ...e.attrs,
});

describe('eventJson', () => {
  it('writes what JSON.stringify writes, for any strings, numbers and booleans', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(undefined));
    fc.assert(fc.property(fc.dictionary(fc.string().map((k) => `a.${k}`), value), fc.string({ unit: 'binary' }), (attrs, host) => {
      const e = event(attrs, { host });
      expect(eventJson(e)).toBe(oracle(e));
    }), { numRuns: 500 });
  });

  it('escapes what JSON must escape and leaves the rest as it is', () => {
    const e = event({ 'mta.reply': 'say "hi"\\ \n\t\u0001', 'mta.sender': 'jürgen@例え.jp', lone: 'a\ud800b', pair: '😀', nan: Number.NaN, inf: -Infinity, zero: -0 });
    const line = eventJson(e);
    expect(line).toBe(oracle(e));
    expect(line).toContain('"mta.reply":"say \\"hi\\"\\\\ \\n\\t\\u0001"');
    expect(line).toContain('"lone":"a\\ud800b"');
    expect(line).toContain('"nan":null,"inf":null,"zero":0');
    expect(JSON.parse(line)['mta.sender']).toBe('jürgen@例え.jp');
  });

  it('leaves out undefined attributes and absent ids', () => {
    expect(eventJson(event({ a: undefined, b: 1 }, { traceId: undefined, spanId: undefined })))
      .toBe('{"time":"2026-11-27T16:23:01.123456Z","event":"mta.delivery.attempt","host.name":"mx1","b":1}');
  });
});

describe('isoMicros', () => {
  it('keeps microseconds, padded, across second boundaries', () => {
    expect(isoMicros(1_795_796_581_000_007)).toBe('2026-11-27T16:23:01.000007Z');
    expect(isoMicros(1_795_796_582_999_999)).toBe('2026-11-27T16:23:02.999999Z');
    expect(isoMicros(1_795_796_581_500_000)).toBe('2026-11-27T16:23:01.500000Z');
  });
});

describe('NdjsonSink', () => {
  it('writes every event once, one per line, by the time it is drained', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write(c: Buffer, _e, cb) { chunks.push(String(c)); cb(); } });
    const sink = new NdjsonSink(out);
    const many = Array.from({ length: 300 }, (_, i) => event({ 'mta.attempt': i, 'mta.reply': 'x'.repeat(400) }));
    for (const e of many) sink.write({} as never, [], [e]);
    await sink.drained();
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l)['mta.attempt'])).toEqual(many.map((_, i) => i));
    expect(chunks.length).toBeGreaterThan(1); // more than 64 KiB: written in more than one chunk
  });
});
