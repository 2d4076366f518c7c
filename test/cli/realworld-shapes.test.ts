/**
 * The built CLI on lines in the shapes other people's logs have (issue 15): container prefixes, cut and redacted
 * rejects, bare local addresses, sessions that never reached DATA, the size limit, a hand-off to a loopback relay
 * whose queue id never appears, a TLS failure before a deferral, inbound trouble and Postfix's own life. Then
 * every log fixture of the repository with the default alert settings: at most one alert event per 10 lines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const FIXTURE = join(root, 'test/fixtures/logs/realworld-shapes.log');

type Ev = Record<string, string | number | boolean | undefined>;

async function cli(file: string, ...flags: string[]): Promise<{ events: Ev[]; stderr: string }> {
  const env = { ...process.env, TZ: 'UTC' };
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete env.MTATRACE_OUTPUT;
  const { stdout, stderr } = await exec(process.execPath, [join(root, 'dist/main.js'), '--once', '--output', 'json', ...flags, file], { env, maxBuffer: 256 << 20 });
  return { events: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ev), stderr };
}

describe('lines in the shapes of other people\'s logs, through the CLI', async () => {
  const { events, stderr } = await cli(FIXTURE, '--year', '2026');
  const of = (name: string) => events.filter((e) => e.event === name);
  const final = (qid: string) => of('mta.recipient.completed').filter((e) => e['mta.queue_id'] === qid).map((e) => e['mta.status']);

  it('reads every line: container prefixes are taken off, a fake queue id is unparsed with its reason', () => {
    expect(stderr).toContain('mtatrace: 39 lines: 38 parsed, 0 ignored, 1 unparsed;');
    expect(stderr).not.toContain('rejected');
    expect(final('1C2D3E4F5A')).toEqual(['delivered']);
    // The runtime's stamp is the line's time: it has the year and the zone.
    expect(of('mta.delivery.attempt').find((e) => e['mta.queue_id'] === '1C2D3E4F5A')?.time).toBe('2026-03-03T09:00:02.250000Z');
  });

  it('counts cut and redacted rejects with what they carry', () => {
    const rejects = of('mta.smtpd.rejected');
    expect(rejects.map((e) => [e['mta.cause'], e['mta.line.truncated'] ?? false])).toEqual([
      ['policy_blocked', true], ['policy_blocked', false], ['policy_blocked', true], ['local_resource', false],
    ]);
    expect(rejects[1]['mta.client.name']).toBe('<hidden>');
  });

  it('ends what Postfix discards without a removed line, and completes a hand-off nobody continues', () => {
    expect(final('2D3E4F5A6B')).toEqual(['delivered']);
    expect(final('3E4F5A6B7C')).toEqual(['aborted']);
    expect(final('4F5A6B7C8D')).toEqual(['rejected']);
    expect(of('mta.recipient.completed').find((e) => e['mta.queue_id'] === '4F5A6B7C8D')?.['mta.cause']).toBe('message_too_large');
    expect(final('5A6B7C8D9E')).toEqual(['delivered']);
    expect(of('mta.recipient.completed').find((e) => e['mta.queue_id'] === '6B7C8D9EAF')?.['mta.lifecycle.incomplete']).toBe(true);
  });

  it('gives the deferral the cause of the TLS failure logged before it', () => {
    const remark = of('mta.delivery.remark')[0];
    expect(remark['mta.cause']).toBe('tls_failure');
    const deferral = of('mta.delivery.attempt').find((e) => e['mta.queue_id'] === '6B7C8D9EAF');
    expect([deferral?.['mta.status'], deferral?.['mta.cause'], deferral?.['mta.cause.rule']]).toEqual(['deferred', 'tls_failure', 'tls-client']);
  });

  it('makes inbound trouble and Postfix\'s own life visible', () => {
    expect(of('mta.inbound.trouble').map((e) => [e['mta.trouble'], e['mta.reject.stage'], e['mta.size']])).toEqual([
      ['lost_connection', 'DATA', 10485760], ['pregreet', undefined, undefined], ['dnsbl_listed', undefined, undefined],
    ]);
    expect(of('mta.postfix.life').map((e) => [e['mta.postfix.action'], e['mta.postfix.version']])).toEqual([
      ['stopped', undefined], ['starting', undefined], ['started', '3.9.1'],
    ]);
  });
});

describe('alert floods on small replays', () => {
  const logs = ['test/fixtures/logs', 'test/fixtures/real', 'examples']
    .flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.log')).map((f) => join(root, d, f)));

  // Parser fixtures in the shape of other projects' test files: one line per case, dates months apart
  // (before issue 15 such a file of 28 lines gave ~40 000 hourly log_silence repeats).
  const sparse = join(mkdtempSync(join(tmpdir(), 'mtatrace-sparse-')), 'sparse.log');
  writeFileSync(sparse, Array.from({ length: 28 }, (_, i) =>
    `2026-${String(1 + (i % 6)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}T12:00:00Z mx${i % 3} postfix/smtpd[${100 + i}]: NOQUEUE: reject: RCPT from unknown[198.51.100.${i}]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@example.biz> to=<x@example.com> proto=ESMTP helo=<h>`).join('\n') + '\n');
  logs.push(sparse);

  it.each(logs)('%s: at most one alert event per 10 input lines with the defaults', async (file) => {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const { events } = await cli(file);
    expect(events.filter((e) => e.event === 'mta.alert').length).toBeLessThanOrEqual(Math.floor(lines / 10));
  });
});
