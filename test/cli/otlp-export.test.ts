/**
 * The built CLI on the bundled sample, exporting through the official OTLP/HTTP exporter to a receiver on
 * 127.0.0.1: trace ids, parent links, times and statuses as they arrive on the wire.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type FlatSpan, type Receiver } from '../support/otlp-receiver.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const SAMPLE = new URL('../../examples/sample.log', import.meta.url).pathname;
const us = (iso: string, micros: number): bigint => BigInt(Date.parse(iso)) * 1_000_000n + BigInt(micros) * 1000n;

describe('mtatrace --output otlp on examples/sample.log', () => {
  let rx: Receiver;
  let spans: FlatSpan[];
  let stderr: string;

  beforeAll(async () => {
    rx = await startReceiver();
    const out = await run(process.execPath, [CLI, '--once', '--output', 'otlp', SAMPLE], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test' },
    });
    stderr = out.stderr;
    spans = rx.spans();
  });
  afterAll(async () => { await rx.close(); });

  const byQid = (qid: string, name: string) => spans.filter((s) => s.attrs['mta.queue_id'] === qid && s.name === name);

  it('exports one root span per queue id, with the MTA host and environment on the resource', () => {
    const roots = spans.filter((s) => s.name === 'mta.message');
    expect(roots.map((s) => s.attrs['mta.queue_id']).sort()).toEqual(
      ['0A1B2C3D4E', '1B2C3D4E5F', '2B3C4D5E6F', '3F1A52C0B1', '5D6E7F8091', '7C3D19E0F2', '91B2C3D4E5', 'A6E7F8091A', 'C1D2E3F4A5', 'E5F6A7B8C9']);
    for (const s of spans) {
      expect(s.resource).toMatchObject({ 'service.name': 'postfix', 'host.name': 'mx1', 'deployment.environment.name': 'test' });
    }
    expect(stderr).toContain('69 lines');
  });

  it('keeps log times to the microsecond and nests attempts and delays phases inside their parents', () => {
    const [receive] = byQid('5D6E7F8091', 'mta.receive');
    expect(receive.start).toBe(us('2026-11-26T10:12:00.500Z', 310));
    expect(receive.end).toBe(us('2026-11-26T10:12:01.010Z', 522));
    const [root] = byQid('5D6E7F8091', 'mta.message');
    expect(root.parentSpanId).toBeUndefined();
    expect(root.end).toBe(us('2026-11-26T10:42:03.115Z', 6));
    const attempts = byQid('5D6E7F8091', 'mta.delivery');
    expect(attempts.map((a) => [a.attrs['mta.attempt'], a.attrs['mta.status'], a.status.code ?? 0])).toEqual([[1, 'deferred', 2], [2, 'deferred', 2], [3, 'sent', 0]]);
    for (const a of attempts) {
      expect(a.parentSpanId).toBe(root.spanId);
      expect(a.traceId).toBe(root.traceId);
      expect(a.start >= root.start && a.end <= root.end).toBe(true);
    }
    const last = attempts[2];
    const phases = spans.filter((s) => s.parentSpanId === last.spanId);
    expect(phases.map((p) => p.name).sort()).toEqual(['mta.connect', 'mta.queue.wait', 'mta.transmit']);
    const transmit = phases.find((p) => p.name === 'mta.transmit')!;
    expect(transmit.end).toBe(last.end);
    expect(last.end - transmit.start).toBe(690_000_000n);
    for (const p of phases) expect(p.start >= last.start && p.end <= last.end).toBe(true);
  });

  it('marks failed attempts with ERROR, error.type = cause, and the reply as status message', () => {
    const [bounce] = spans.filter((s) => s.name === 'mta.delivery' && s.attrs['mta.recipient'] === 'heidi@icloud.com');
    expect(bounce.status.code).toBe(2);
    expect(bounce.status.message).toContain('552 5.2.2');
    expect(bounce.attrs).toMatchObject({ 'error.type': 'mailbox_full', 'mta.cause': 'mailbox_full', 'mta.cause.transient': false, 'mta.dsn': '5.2.2' });
  });

  it('joins the content-filter hop into the first trace as a child of the hand-off', () => {
    const [first] = byQid('3F1A52C0B1', 'mta.message');
    const [hop] = byQid('7C3D19E0F2', 'mta.message');
    expect(hop.traceId).toBe(first.traceId);
    expect(hop.parentSpanId).toBe(first.spanId);
    expect(hop.attrs).toMatchObject({ 'mta.hop': 'filter', 'mta.prev_queue_id': '3F1A52C0B1' });
  });

  it('gives the NDR its own trace, linked to the message it reports on', () => {
    const [orig] = byQid('91B2C3D4E5', 'mta.message');
    const [ndr] = byQid('A6E7F8091A', 'mta.message');
    expect(ndr.traceId).not.toBe(orig.traceId);
    expect(ndr.links).toEqual([{ traceId: orig.traceId, spanId: orig.spanId, attrs: { 'mta.notification': 'non-delivery', 'mta.orig_queue_id': '91B2C3D4E5' } }]);
    expect(orig.status.code).toBe(2);
  });

  it('ends a message still queued at end of input as incomplete', () => {
    const [queued] = byQid('0A1B2C3D4E', 'mta.message');
    expect(queued.attrs['mta.lifecycle.incomplete']).toBe(true);
  });

  it('produces the same ids on a second run (deterministic)', async () => {
    const rx2 = await startReceiver();
    try {
      await run(process.execPath, [CLI, '--once', SAMPLE], { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx2.url } });
      const ids = (list: FlatSpan[]) => list.map((s) => `${s.traceId}/${s.spanId}/${s.parentSpanId ?? ''}`).sort();
      expect(ids(rx2.spans())).toEqual(ids(spans));
    } finally {
      await rx2.close();
    }
  });
});
