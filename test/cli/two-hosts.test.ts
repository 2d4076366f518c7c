/**
 * One message relayed from mx1 to mx2, each host's log read by its own mtatrace process (state stays per host):
 * both export into one trace, because the trace id comes from the Message-ID, with per-host resources.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/otlp-receiver.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../fixtures/logs/${name}`, import.meta.url).pathname;

describe('a message relayed between two hosts', () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, TZ: 'UTC' };
    await Promise.all([
      run(process.execPath, [CLI, '--once', '--output', 'otlp', fixture('two-hosts-mx1.log')], { env }),
      run(process.execPath, [CLI, '--once', '--output', 'otlp', '--year', '2026', fixture('two-hosts-mx2.log')], { env }),
    ]);
  });
  afterAll(async () => { await rx.close(); });

  it('lands in one trace with one root span per host', () => {
    const spans = rx.spans();
    const roots = spans.filter((s) => s.name === 'mta.message');
    expect(roots.map((r) => [r.resource['host.name'], r.attrs['mta.queue_id']]).sort()).toEqual([['mx1', '4F00A1B2C3'], ['mx2', '8E11D2C3B4']]);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const handOff = spans.find((s) => s.name === 'mta.delivery' && s.resource['host.name'] === 'mx1')!;
    expect(handOff.attrs).toMatchObject({ 'mta.queued_as': '8E11D2C3B4', 'server.address': 'mx2.branch.example.org' });
  });

  it('reads the RFC 3164 and RFC 3339 hosts alike and keeps the submission syslog_name', () => {
    const receives = rx.spans().filter((s) => s.name === 'mta.receive');
    expect(receives.map((s) => s.attrs['mta.program']).sort()).toEqual(['smtpd', 'smtpd']);
    expect(receives.every((s) => s.end >= s.start)).toBe(true);
  });
});
