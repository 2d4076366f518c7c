/**
 * The built CLI replays a generated log (a queue building up behind a dead relay, then recovery) and exports
 * traces, log records and metrics over OTLP/HTTP to a receiver on 127.0.0.1; a fake `--queue-command` prints a
 * `postqueue -j` listing. Asserts the decoded log records (event names, severities, trace ids, alerts at their
 * log times) and the final metric export (queue gauges after reconciliation, deliveries, histograms, alerts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type FlatLog, type FlatMetric, type Receiver } from '../support/otlp-receiver.js';
import { at, PostfixLog } from '../support/postfix-log.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const sec = (m: number, s: number): number => m + s / 60;
const ns = (us: number): bigint => BigInt(us) * 1000n;

function scenario(): string {
  const log = new PostfixLog();
  for (let i = 0; i < 5; i++) log.receive(i, i).sent(i, sec(i, 1)).removed(i, sec(i, 2));
  for (let i = 5; i < 30; i++) log.receive(i, i).deferred(i, sec(i, 1));
  for (let k = 5; k < 30; k++) log.active(k, sec(30, k - 5)).sent(k, sec(30, k - 5 + 0.5)).removed(k, sec(30, k - 5 + 0.6));
  return log.chatter(40).text();
}

const FLAGS = ['--queue-warn', '10', '--queue-grow-minutes', '0', '--spike-deferrals', '5', '--spike-minutes', '5', '--alert-repeat-minutes', '60'];
const ARRIVAL = Date.parse('2026-11-26T09:00:00Z') / 1000;

describe('mtatrace --output otlp: log records and metrics', () => {
  let rx: Receiver;
  let dir: string;
  let file: string;
  let logs: FlatLog[];
  let metrics: Map<string, FlatMetric>;

  beforeAll(async () => {
    rx = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'mtatrace-watch-'));
    file = join(dir, 'maillog');
    writeFileSync(file, scenario());
    const fake = join(dir, 'postqueue.mjs');
    writeFileSync(fake, `for (const id of ['AAAA000001', 'AAAA000002', 'AAAA000003']) console.log(JSON.stringify({ queue_name: 'deferred', queue_id: id, arrival_time: ${ARRIVAL}, message_size: 900, forced_expire: false, sender: 'a@example.org', recipients: [] }));\n`);
    await run(process.execPath, [CLI, '--once', '--output', 'otlp', ...FLAGS, '--queue-command', `${process.execPath} ${fake}`, file], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url },
    });
    logs = rx.logs();
    metrics = new Map(rx.metrics().map((m) => [m.name, m]));
  });
  afterAll(async () => { await rx.close(); rmSync(dir, { recursive: true, force: true }); });

  it('sends every event as a log record: event name mirrored in event.name, severity by outcome, trace and span ids', () => {
    expect(logs.length).toBeGreaterThan(100);
    const severities: Record<string, number> = { INFO: 9, WARN: 13, ERROR: 17 };
    for (const r of logs) {
      expect(r.attrs['event.name']).toBe(r.eventName);
      expect(r.severityNumber).toBe(severities[r.severityText as string]);
      expect(Object.keys(r.resource).filter((k) => k.startsWith('mta.'))).toEqual([]);
      expect(r.resource).toMatchObject({ 'service.name': 'postfix', 'host.name': 'mx1' });
    }
    const traceIds = new Set(rx.spans().map((s) => s.traceId));
    const deferred = logs.filter((r) => r.eventName === 'mta.delivery.attempt' && r.attrs['mta.status'] === 'deferred');
    expect(deferred).toHaveLength(25);
    for (const r of deferred) {
      expect(r.severityText).toBe('WARN');
      expect(r.body).toMatch(/status=deferred \(connect to mx\.dead\.example/);
      expect(r.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(r.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(traceIds.has(r.traceId as string)).toBe(true);
    }
    const first = deferred.find((r) => r.attrs['mta.queue_id'] === '0000000005')!;
    expect(first.time).toBe(ns(at(sec(5, 1))));
  });

  it('sends alerts as mta.alert log records at the log times they fired and resolved', () => {
    const alerts = logs.filter((r) => r.eventName === 'mta.alert')
      .map((r) => [new Date(Number(r.time / 1_000_000n)).toISOString().slice(11, 23), r.attrs['mta.alert'], r.attrs['mta.recipient.domain'] ?? r.attrs['mta.relay'] ?? '', r.attrs['mta.alert.state'], r.severityText]);
    expect(alerts).toEqual([
      ['10:09:01.000', 'deferral_spike', 'dead.example', 'firing', 'WARN'],
      ['10:09:01.000', 'deferral_spike', 'mx.dead.example', 'firing', 'WARN'],
      ['10:15:00.100', 'queue_depth_high', '', 'firing', 'WARN'],
      ['10:20:00.100', 'delivery_stalled', 'mx.dead.example', 'firing', 'ERROR'],
      ['10:30:00.500', 'delivery_stalled', 'mx.dead.example', 'resolved', 'INFO'],
      ['10:30:16.600', 'queue_depth_high', '', 'resolved', 'INFO'],
      ['10:32:01.000', 'deferral_spike', 'dead.example', 'resolved', 'INFO'],
      ['10:32:01.000', 'deferral_spike', 'mx.dead.example', 'resolved', 'INFO'],
    ]);
    const stall = logs.find((r) => r.attrs['mta.alert'] === 'delivery_stalled')!;
    expect(stall.attrs).toMatchObject({ 'mta.alert.value': 15, 'mta.alert.deferrals': 15, 'mta.alert.window': 900, 'mta.queue.exact_since': '2026-11-26T10:00:00.000Z' });
    expect(stall.attrs['mta.cause']).toBeTypeOf('string');
    expect(stall.traceId).toBeUndefined();
  });

  it('reports the reconciliation with the fake postqueue -j listing', () => {
    const rec = logs.filter((r) => r.eventName === 'mta.queue.reconciled');
    expect(rec.map((r) => r.attrs)).toEqual([expect.objectContaining({ 'mta.queue': 'deferred', 'mta.queue.listed': 3, 'mta.queue.derived': 0 })]);
  });

  const point = (name: string, attrs: Record<string, unknown>) => {
    const m = metrics.get(name);
    return m?.points.find((p) => Object.entries(attrs).every(([k, v]) => p.attrs[k] === v))?.value;
  };
  const total = (name: string, attrs: Record<string, unknown> = {}) =>
    (metrics.get(name)?.points ?? []).filter((p) => Object.entries(attrs).every(([k, v]) => p.attrs[k] === v)).reduce((n, p) => n + (p.value ?? 0), 0);

  it('exports the queue picture at end of input, corrected by the listing, with the oldest age and since when it is exact', () => {
    expect(point('mta.queue.messages', { 'mta.queue': 'deferred', 'host.name': 'mx1' })).toBe(3);
    expect(point('mta.queue.messages', { 'mta.queue': 'active', 'host.name': 'mx1' })).toBe(0);
    expect(point('mta.queue.reconcile.difference', { 'mta.queue': 'deferred' })).toBe(3);
    expect(point('mta.queue.oldest_age', { 'mta.queue': 'deferred' })).toBe(40 * 60 + 3600);
    expect(point('mta.queue.exact_since', { 'host.name': 'mx1' })).toBe(at(0) / 1e6);
  });

  it('exports delivery counters, duration histograms, rejections, alerts and self-observation', () => {
    expect(total('mta.deliveries', { 'mta.status': 'deferred', 'mta.transport': 'smtp', 'mta.recipient.domain': 'dead.example' })).toBe(25);
    expect(total('mta.deliveries', { 'mta.status': 'sent' })).toBe(30);
    expect(total('mta.messages.received', { 'mta.program': 'smtpd' })).toBe(30);
    expect(total('mta.delivery.duration')).toBe(30);
    expect(total('mta.delivery.attempt.duration')).toBe(55);
    expect(metrics.get('mta.delivery.duration')?.unit).toBe('s');
    expect((metrics.get('mta.alerts.active')?.points ?? []).map((p) => [p.attrs['mta.alert'], p.value]).sort()).toEqual(
      [['deferral_spike', 0], ['delivery_stalled', 0], ['log_silence', 0], ['queue_depth_high', 0]]);
    expect(point('mtatrace.lines', { result: 'parsed' })).toBe(5 * 5 + 25 * 4 + 25 * 3 + 1); // every line, the smtpd connect included
    expect(point('mtatrace.telemetry.dropped', { signal: 'spans' })).toBe(0);
    expect(point('mtatrace.export.failures', { signal: 'logs' })).toBe(0);
  });

  it('writes the same alerts as NDJSON lines and into the text summary', async () => {
    const json = await run(process.execPath, [CLI, '--once', '--output', 'json', ...FLAGS, file]);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'mta.alert');
    expect(events.map((e) => `${e.time} ${e['mta.alert']} ${e['mta.alert.state']}`)).toEqual(
      logs.filter((r) => r.eventName === 'mta.alert').map((r) => `${new Date(Number(r.time / 1_000_000n)).toISOString().replace('Z', '000Z')} ${r.attrs['mta.alert']} ${r.attrs['mta.alert.state']}`));
    const text = await run(process.execPath, [CLI, '--once', ...FLAGS, file]);
    expect(text.stdout).toContain('Alerts (log time, UTC):');
    expect(text.stdout).toMatch(/10:20:00\.100 {2}mx1 {2}delivery_stalled {2}FIRING {4}15 messages waiting/);
    expect(text.stdout).toContain('Queue at end of input (exact since each host');
    expect(text.stdout).toContain('  mx1  incoming 0, active 0, deferred 0, hold 0  — exact since 2026-11-26 10:00:00 UTC');
  });
});

describe('mtatrace --output otlp on examples/sample.log: bounded metric attributes', () => {
  it('counts inbound rejects by cause and keeps recipient domains to the allow-list', async () => {
    const rx = await startReceiver();
    try {
      const sample = new URL('../../examples/sample.log', import.meta.url).pathname;
      await run(process.execPath, [CLI, '--once', '--output', 'otlp', '--metric-domains', 'gmail.com', sample], { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } });
      const m = new Map(rx.metrics().map((x) => [x.name, x]));
      const rejects = m.get('mta.smtpd.rejections')!.points;
      expect(rejects).toHaveLength(1);
      expect(rejects[0].value).toBe(1);
      expect(rejects[0].attrs['mta.cause']).toBeTypeOf('string');
      const domains = new Set(m.get('mta.deliveries')!.points.map((p) => p.attrs['mta.recipient.domain']));
      expect([...domains].sort()).toEqual(['gmail.com', 'other']);
      for (const x of rx.metrics()) for (const p of x.points) {
        for (const k of Object.keys(p.attrs)) expect(['mta.queue_id', 'mta.recipient', 'mta.sender', 'mta.message_id', 'mta.reply']).not.toContain(k);
      }
    } finally {
      await rx.close();
    }
  });
});
