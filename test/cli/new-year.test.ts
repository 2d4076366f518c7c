/**
 * new-year — with `--year`, a message logged across New Year (RFC 3164 stamps carry no year) stays one message:
 * the January lines follow the December ones into the next year, and a late December line among January ones
 * stays in the old year. Before, every stamp got the given year, so `Jan  1` came 364 days before `Dec 31` and
 * the message was split in two.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const LOG = [
  'Dec 31 23:59:58 mx1 postfix/smtpd[1]: 4B7C21A0F3: client=a.example[192.0.2.1]',
  'Dec 31 23:59:58 mx1 postfix/cleanup[2]: 4B7C21A0F3: message-id=<ny@a.example>',
  'Dec 31 23:59:59 mx1 postfix/qmgr[3]: 4B7C21A0F3: from=<a@a.example>, size=900, nrcpt=2 (queue active)',
  'Jan  1 00:00:01 mx1 postfix/smtp[4]: 4B7C21A0F3: to=<b@b.example>, relay=mx.b.example[192.0.2.2]:25, delay=3, delays=0/0/1/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
  'Dec 31 23:59:59 mx1 postfix/smtpd[1]: disconnect from a.example[192.0.2.1] ehlo=1 mail=1 rcpt=2 data=1 quit=1 commands=6',
  'Jan  1 00:00:02 mx1 postfix/smtp[4]: 4B7C21A0F3: to=<c@b.example>, relay=mx.b.example[192.0.2.2]:25, delay=4, delays=0/0/1/3, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
  'Jan  1 00:00:02 mx1 postfix/qmgr[3]: 4B7C21A0F3: removed',
].join('\n');

describe('--year across New Year', () => {
  it('keeps a message that crosses midnight of Dec 31 one message, with its times in order', async () => {
    const r = await runCli(['--output', 'json', '--once', '--year', '2026', '--timezone', 'UTC'], `${LOG}\n`);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const traces = new Set(events.map((e) => e.trace_id ?? e.traceId).filter(Boolean));
    expect(traces.size).toBe(1);
    expect(r.stderr).toMatch(/ 1 lifecycles, 0 duplicate lines skipped\n/);
    const done = events.filter((e) => JSON.stringify(e).includes('mta.recipient.completed'));
    expect(done).toHaveLength(2);
    expect(r.stdout).toContain('2027-01-01T00:00:02');
    expect(r.stdout).toContain('2026-12-31T23:59:59');
    expect(r.stdout).not.toContain('2026-01-01');
  });
});
