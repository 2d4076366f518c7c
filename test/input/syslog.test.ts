import { describe, expect, test } from 'vitest';
import { createRecordParser } from '../../src/input/index.js';
import type { InputResult, SyslogRecord } from '../../src/input/index.js';

const NOW = Date.UTC(2026, 10, 27, 18, 0, 0); // 2026-11-27T18:00:00Z
const parse = createRecordParser({ timezone: 'UTC', nowMs: () => NOW });

function rec(r: InputResult): SyslogRecord {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.record;
}

describe('text formats', () => {
  const cases: [string, string, SyslogRecord][] = [
    ['RFC 3164, space-padded day', 'Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<bob@example.net>, status=sent (250 2.0.0 Ok)',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/smtp', pid: 1, text: '4B7C21A0F3: to=<bob@example.net>, status=sent (250 2.0.0 Ok)' }],
    ['Postfix maillog_file, zero-padded day', 'Nov 07 10:00:00 mx1 postfix/qmgr[812]: 4B7C21A0F3: removed',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/qmgr', pid: 812, text: '4B7C21A0F3: removed' }],
    ['RFC 3164 with <PRI>', '<22>Nov  7 10:00:00 mx1 postfix/cleanup[33]: 4B7C21A0F3: message-id=<a@b>',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/cleanup', pid: 33, text: '4B7C21A0F3: message-id=<a@b>' }],
    ['RFC 3164 with fraction', 'Nov  7 10:00:00.250 mx1 postfix/smtp[1]: x',
      { timeUs: 1794045600250000, host: 'mx1', tag: 'postfix/smtp', pid: 1, text: 'x' }],
    ['RFC 3339 Debian 12 rsyslog', '2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp[1234]: 4B7C21A0F3: to=<bob@example.net>',
      { timeUs: 1795796581123456, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: to=<bob@example.net>' }],
    ['RFC 3339 Z, no fraction', '2026-11-27T16:23:01Z mx1 postfix-out/smtp[9]: t',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'postfix-out/smtp', pid: 9, text: 't' }],
    ['journalctl short-iso-precise (+0000)', '2026-11-27T16:23:01.123456+0000 mx1 postfix/submission/smtpd[77]: connect from a[1.2.3.4]',
      { timeUs: 1795796581123456, host: 'mx1', tag: 'postfix/submission/smtpd', pid: 77, text: 'connect from a[1.2.3.4]' }],
    ['RFC 3339 negative offset, 3 fraction digits', '2026-11-27T16:23:01.5-05:00 mx1 postfix/smtp[1]: t',
      { timeUs: 1795814581500000, host: 'mx1', tag: 'postfix/smtp', pid: 1, text: 't' }],
    ['RFC 3339 nanoseconds cut to µs', '2026-11-27T16:23:01.123456789Z mx1 postfix/smtp[1]: t',
      { timeUs: 1795796581123456, host: 'mx1', tag: 'postfix/smtp', pid: 1, text: 't' }],
    ['tag without pid', '2026-11-27T16:23:01Z mx1 postfix/postsuper: 4B7C21A0F3: removed',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'postfix/postsuper', pid: undefined, text: '4B7C21A0F3: removed' }],
    ['other program', 'Nov 27 16:23:01 mx1 dovecot: imap-login: Login: user=<bob>',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'dovecot', pid: undefined, text: 'imap-login: Login: user=<bob>' }],
    ['RFC 5424', '<22>1 2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp 1234 - - 4B7C21A0F3: to=<bob@example.net>',
      { timeUs: 1795796581123456, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: to=<bob@example.net>' }],
    ['RFC 5424 truncated app, structured data with escapes, BOM', '<22>1 2026-11-27T16:23:01Z mx1 postfix - MSG [a@1 x="q\\"]" y="2"][b@2 z="]"] \uFEFF4B7C21A0F3: removed',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'postfix', pid: undefined, text: '4B7C21A0F3: removed' }],
    ['RFC 5424 nil host, no message', '<13>1 2026-11-27T16:23:01Z - postfix/qmgr 5 - -',
      { timeUs: 1795796581000000, host: '', tag: 'postfix/qmgr', pid: 5, text: '' }],
    ['leading BOM', '\uFEFFNov 27 16:23:01 mx1 postfix/smtp[1]: t',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'postfix/smtp', pid: 1, text: 't' }],
    ['no hostname', 'Nov 27 16:23:01 postfix/smtp[1]: t',
      { timeUs: 1795796581000000, host: '', tag: 'postfix/smtp', pid: 1, text: 't' }],
    ['maillog_file warning (host is the first label of myhostname)', 'Nov 07 10:00:00 mx1 postfix/smtpd[4242]: warning: hostname x.example does not resolve',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/smtpd', pid: 4242, text: 'warning: hostname x.example does not resolve' }],
    ['text with colons and brackets', 'Nov 27 16:23:01 mx1 postfix/smtpd[5]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1',
      { timeUs: 1795796581000000, host: 'mx1', tag: 'postfix/smtpd', pid: 5, text: 'NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1' }],
  ];
  test.each(cases)('%s', (_name, line, expected) => {
    expect(rec(parse(line))).toEqual(expected);
  });

  const rejects: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['hello world', 'no_timestamp'],
    ['Nov 99 10:00:00 mx1 postfix/smtp[1]: t', 'bad_timestamp'],
    ['Nov  7 25:00:00 mx1 postfix/smtp[1]: t', 'bad_timestamp'],
    ['2026-13-27T16:23:01Z mx1 postfix/smtp[1]: t', 'bad_timestamp'],
    ['2026-02-30T16:23:01Z mx1 postfix/smtp[1]: t', 'bad_timestamp'],
    ['2026-11-27T16:23:01+25:00 mx1 postfix/smtp[1]: t', 'bad_timestamp'],
    ['Nov 27 16:23:01 mx1 last message repeated 3 times', 'no_tag'],
    ['Nov 27 16:23:01 mx1', 'bad_header'],
    ['Nov 27 16:23:01 mx1 postfix/smtp[1 t', 'no_tag'],
    ['<999999>Nov 27 16:23:01 mx1 postfix/smtp[1]: t', 'bad_header'],
    ['<22>1 - mx1 postfix/smtp 1 - - t', 'no_timestamp'],
    ['<22>1 2026-11-27T16:23:01Z mx1 - 1 - - t', 'no_tag'],
    ['<22>1 2026-11-27T16:23:01Z mx1 postfix 1 - [a x="unterminated', 'bad_header'],
    ['2300-01-01T00:00:00Z mx1 postfix/smtp[1]: beyond exact µs', 'bad_timestamp'],
    ['1969-12-31T23:59:59Z mx1 postfix/smtp[1]: before the epoch', 'bad_timestamp'],
    ['2026-11-27 16:23:01 mx1 postfix/smtp[1]: space instead of T', 'bad_timestamp'],
  ];
  test.each(rejects)('rejects %j as %s', (line, reason) => {
    expect(parse(line)).toEqual({ ok: false, reason });
  });
});

describe('year inference and zones', () => {
  test('Dec 31 → Jan 1 replay with now = Jan 1', () => {
    const p = createRecordParser({ timezone: 'UTC', nowMs: () => Date.UTC(2026, 0, 1, 0, 0, 5) });
    expect(rec(p('Dec 31 23:59:59 mx1 postfix/smtp[1]: t')).timeUs).toBe(1767225599000000);
    expect(rec(p('Jan  1 00:00:01 mx1 postfix/smtp[1]: t')).timeUs).toBe(1767225601000000);
  });

  test('a date more than a day ahead belongs to last year; less than a day ahead to this year', () => {
    expect(rec(parse('Dec 25 10:00:00 mx1 p: t')).timeUs).toBe(Date.UTC(2025, 11, 25, 10) * 1000);
    expect(rec(parse('Nov 28 10:00:00 mx1 p: t')).timeUs).toBe(Date.UTC(2026, 10, 28, 10) * 1000);
  });

  test('a zone far ahead of UTC: Jan 1 local while UTC is still Dec 31', () => {
    const p = createRecordParser({ timezone: 'Pacific/Kiritimati', nowMs: () => Date.UTC(2025, 11, 31, 12) });
    expect(rec(p('Jan  1 01:00:00 mx1 p: t')).timeUs).toBe(1767178800000000);
  });

  test('the year option overrides inference; Feb 29 falls back to a leap year', () => {
    const p = createRecordParser({ timezone: 'UTC', year: 2020, nowMs: () => NOW });
    expect(rec(p('Dec 25 10:00:00 mx1 p: t')).timeUs).toBe(Date.UTC(2020, 11, 25, 10) * 1000);
    const q = createRecordParser({ timezone: 'UTC', year: 2027 });
    expect(rec(q('Feb 29 10:00:00 mx1 p: t')).timeUs).toBe(Date.UTC(2024, 1, 29, 10) * 1000);
  });

  test('Europe/Berlin: winter +01:00, summer +02:00, for 3164 and offset-less 3339 stamps', () => {
    const p = createRecordParser({ timezone: 'Europe/Berlin', nowMs: () => NOW });
    expect(rec(p('Nov  7 10:00:00 mx1 p: t')).timeUs).toBe(1794042000000000);
    expect(rec(p('Jul  7 10:00:00 mx1 p: t')).timeUs).toBe(1783411200000000);
    expect(rec(p('2026-07-07T10:00:00.000001 mx1 p: t')).timeUs).toBe(1783411200000001);
    // An explicit offset ignores the zone.
    expect(rec(p('2026-11-27T16:23:01.123456+00:00 mx1 p: t')).timeUs).toBe(1795796581123456);
  });

  test('Europe/Berlin around the October fall-back (cached per hour, so checked in both orders)', () => {
    for (const order of [[0, 1, 2], [2, 1, 0]]) {
      const p = createRecordParser({ timezone: 'Europe/Berlin', year: 2026 });
      const lines = ['Oct 25 01:30:00 mx1 p: t', 'Oct 25 02:30:00 mx1 p: t', 'Oct 25 03:30:00 mx1 p: t'];
      const expected = [1792884600000000, 1792891800000000, 1792895400000000];
      for (const i of order) expect(rec(p(lines[i])).timeUs).toBe(expected[i]);
    }
  });

  test('TZ-style zone names are accepted; an unknown zone throws at creation', () => {
    const p = createRecordParser({ timezone: ':Europe/Berlin', year: 2026 });
    expect(rec(p('Nov  7 10:00:00 mx1 p: t')).timeUs).toBe(1794042000000000);
    const q = createRecordParser({ timezone: '/usr/share/zoneinfo/Europe/Berlin', year: 2026 });
    expect(rec(q('Nov  7 10:00:00 mx1 p: t')).timeUs).toBe(1794042000000000);
    expect(() => createRecordParser({ timezone: 'Mars/Olympus_Mons' })).toThrow(/unknown time zone/);
  });
});

describe('container runtime prefixes (input/container.ts)', () => {
  const cases: [string, string, SyslogRecord][] = [
    ['docker compose v1 name_1', 'mail-relay_1      | Nov  7 10:00:00 mx1 postfix/smtp[396]: 4B7C21A0F3: removed',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/smtp', pid: 396, text: '4B7C21A0F3: removed', container: 'mail-relay_1' }],
    ['docker compose v2 name-1', 'mail-relay-1  | Nov  7 10:00:00 mx1 postfix/qmgr[5]: 4B7C21A0F3: removed',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/qmgr', pid: 5, text: '4B7C21A0F3: removed', container: 'mail-relay-1' }],
    ['runtime stamp before RFC 3164 (the runtime stamp wins: it has year and zone)', '2026-11-07T09:00:00.500Z Nov  7 10:00:00 mx1 postfix/qmgr[7]: 4B7C21A0F3: removed',
      { timeUs: 1794045600000000 - 3600e6 + 500000, host: 'mx1', tag: 'postfix/qmgr', pid: 7, text: '4B7C21A0F3: removed' }],
    ['runtime stamp with nanoseconds', '2026-11-07T10:00:00.123456789Z Nov  7 10:00:00 mx1 postfix/anvil[2]: statistics: max cache size 2',
      { timeUs: 1794045600123456, host: 'mx1', tag: 'postfix/anvil', pid: 2, text: 'statistics: max cache size 2' }],
    ['runtime stamp before RFC 3339', '2026-11-07T10:00:01Z 2026-11-07T10:00:00+00:00 mx1 postfix/qmgr[7]: x',
      { timeUs: 1794045601000000, host: 'mx1', tag: 'postfix/qmgr', pid: 7, text: 'x' }],
    ['compose name, then runtime stamp (docker compose logs -t)', 'postfix-1  | 2026-11-07T10:00:00Z Nov  7 10:00:00 mx1 postfix/smtpd[9]: connect from a[192.0.2.1]',
      { timeUs: 1794045600000000, host: 'mx1', tag: 'postfix/smtpd', pid: 9, text: 'connect from a[192.0.2.1]', container: 'postfix-1' }],
  ];
  test.each(cases)('%s', (_name, line, expected) => {
    expect(parse(line)).toStrictEqual({ ok: true, record: expected });
  });

  test.each([
    ['a word and a bar that is not a prefix', 'hello | world', 'no_timestamp'],
    ['a prefix before nothing readable', 'postfix-1  | hello world', 'no_timestamp'],
    ['a prefix before an empty line', 'postfix-1  | ', 'no_tag'],
    ['a lone runtime stamp', '2026-11-07T10:00:00Z', 'no_tag'],
  ])('%s is still rejected', (_name, line, reason) => {
    expect(parse(line)).toEqual({ ok: false, reason });
  });
});
