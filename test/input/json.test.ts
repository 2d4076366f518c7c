import { describe, expect, test } from 'vitest';
import { createRecordParser } from '../../src/input/index.js';
import type { InputResult, SyslogRecord } from '../../src/input/index.js';

const NOW = Date.UTC(2026, 10, 27, 18, 0, 0);
const parse = createRecordParser({ timezone: 'UTC', nowMs: () => NOW });
const T = 1795796581123456; // 2026-11-27T16:23:01.123456Z

function rec(r: InputResult): SyslogRecord {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.record;
}
const line = (o: unknown): string => JSON.stringify(o);

describe('JSON records', () => {
  test('journalctl -o json', () => {
    const j = {
      __CURSOR: 's=1;i=2', __REALTIME_TIMESTAMP: '1795796581123456', __MONOTONIC_TIMESTAMP: '123', _BOOT_ID: 'b',
      PRIORITY: '6', SYSLOG_FACILITY: '2', SYSLOG_IDENTIFIER: 'postfix/smtp', SYSLOG_PID: '1234', _PID: '1234',
      _HOSTNAME: 'mx1', _COMM: 'smtp', MESSAGE: '4B7C21A0F3: to=<bob@example.net>, status=sent (250 2.0.0 Ok)',
    };
    expect(rec(parse(line(j)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: j.MESSAGE });
  });

  test('journald MESSAGE as an array of bytes (not UTF-8) is decoded with U+FFFD', () => {
    const bytes = [...Buffer.from('4B7C21A0F3: from=<'), 0xff, ...Buffer.from('@x>')];
    const r = rec(parse(line({ __REALTIME_TIMESTAMP: '1795796581123456', _HOSTNAME: 'mx1', SYSLOG_IDENTIFIER: 'postfix/qmgr', MESSAGE: bytes })));
    expect(r.text).toBe('4B7C21A0F3: from=<\uFFFD@x>');
  });

  test('journald null MESSAGE and bad byte arrays are rejected', () => {
    expect(parse(line({ __REALTIME_TIMESTAMP: '1', SYSLOG_IDENTIFIER: 'p', MESSAGE: null }))).toEqual({ ok: false, reason: 'json_no_message' });
    expect(parse(line({ __REALTIME_TIMESTAMP: '1', SYSLOG_IDENTIFIER: 'p', MESSAGE: [1, 300] }))).toEqual({ ok: false, reason: 'json_no_message' });
  });

  test('Vector syslog source (appname/procid/hostname, RFC 3339 with nanoseconds)', () => {
    const v = { appname: 'postfix/smtp', facility: 'mail', host: '10.0.0.5', hostname: 'mx1', message: '4B7C21A0F3: removed',
      procid: 1234, severity: 'info', source_type: 'syslog', timestamp: '2026-11-27T16:23:01.123456789Z' };
    expect(rec(parse(line(v)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: removed' });
  });

  test('Vector journald source (journald fields, lower-case message/host/timestamp)', () => {
    const v = { SYSLOG_IDENTIFIER: 'postfix/qmgr', _PID: '812', host: 'mx1', message: 'x: removed', source_type: 'journald',
      timestamp: '2026-11-27T16:23:01.123456Z' };
    expect(rec(parse(line(v)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/qmgr', pid: 812, text: 'x: removed' });
  });

  test('Vector file source: message is a whole syslog line', () => {
    const v = { file: '/var/log/mail.log', host: 'collector', message: '2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp[1234]: 4B7C21A0F3: removed',
      source_type: 'file', timestamp: '2026-11-27T16:23:02Z' };
    expect(rec(parse(line(v)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: removed' });
  });

  test('Fluent Bit tail: float date, log holds a whole RFC 3164 line', () => {
    const f = { date: 1795796581.123456, log: 'Nov 27 16:23:01 mx1 postfix/smtp[1234]: 4B7C21A0F3: removed\n' };
    expect(rec(parse(line(f)))).toEqual({ timeUs: 1795796581000000, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: removed' });
  });

  test('Fluent Bit syslog parser: ident/pid/host, float date kept to the µs', () => {
    const f = { date: 1795796581.123456, pri: '22', time: 'Nov 27 16:23:01', host: 'mx1', ident: 'postfix/smtp', pid: '1234', message: 'm' };
    expect(rec(parse(line(f)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: 'm' });
  });

  test('Fluent Bit with an ISO date string and hostname', () => {
    const f = { date: '2026-11-27T16:23:01.123456Z', hostname: 'mx1', ident: 'postfix/smtp', message: 'm' };
    expect(rec(parse(line(f))).timeUs).toBe(T);
  });

  test('rsyslog JSON template: syslogtag with pid, leading space in msg', () => {
    const r = { timereported: '2026-11-27T16:23:01.123456+00:00', hostname: 'mx1', syslogtag: 'postfix/smtp[1234]:', programname: 'postfix',
      msg: ' 4B7C21A0F3: removed' };
    expect(rec(parse(line(r)))).toEqual({ timeUs: T, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: removed' });
  });

  test('rsyslog template with tag (no colon) and ts; programname only as last resort', () => {
    expect(rec(parse(line({ ts: '2026-11-27T16:23:01.123456Z', host: 'mx1', tag: 'postfix-out/smtp[7]', msg: 'm' }))))
      .toEqual({ timeUs: T, host: 'mx1', tag: 'postfix-out/smtp', pid: 7, text: 'm' });
    expect(rec(parse(line({ timestamp: '2026-11-27T16:23:01.123456Z', host: 'mx1', programname: 'postfix', msg: 'm' }))).tag).toBe('postfix');
  });

  test('numeric epochs by magnitude: seconds, milliseconds, microseconds, nanoseconds, decimal string', () => {
    const base = { SYSLOG_IDENTIFIER: 'p', MESSAGE: 'm' };
    expect(rec(parse(line({ ...base, timestamp: 1795796581 }))).timeUs).toBe(1795796581000000);
    expect(rec(parse(line({ ...base, timestamp: 1795796581123 }))).timeUs).toBe(1795796581123000);
    expect(rec(parse(line({ ...base, timestamp: 1795796581123456 }))).timeUs).toBe(T);
    expect(rec(parse(line({ ...base, timestamp: '1795796581123456789' }))).timeUs).toBe(T);
    expect(rec(parse(line({ ...base, time: '1795796581.123456' }))).timeUs).toBe(T);
  });

  test('host as an object with a name; missing host is empty', () => {
    expect(rec(parse(line({ host: { name: 'mx1' }, timestamp: T, appname: 'p', message: 'm' }))).host).toBe('mx1');
    expect(rec(parse(line({ timestamp: T, appname: 'p', message: 'm' }))).host).toBe('');
  });

  const rejects: [string, string][] = [
    ['{', 'bad_json'],
    ['{"a":1', 'bad_json'],
    ['{"MESSAGE":"x",}', 'bad_json'],
    ['{} trailing', 'bad_json'],
    ['{"x":1}', 'json_no_message'],
    ['{"message":42,"timestamp":1}', 'json_no_message'],
    ['{"message":"m","appname":"p"}', 'no_timestamp'],
    ['{"message":"m","appname":"p","timestamp":"yesterday"}', 'bad_timestamp'],
    ['{"message":"m","appname":"p","timestamp":true}', 'bad_timestamp'],
    ['{"message":"just text","timestamp":1}', 'no_tag'],
    ['{"message":"m","appname":"-","timestamp":1}', 'no_tag'],
    ['{"message":"m","appname":"  ","timestamp":1}', 'no_tag'],
    ['{"message":"m","appname":"p","timestamp":"95796581123456"}', 'bad_timestamp'],
    ['{"message":"m","appname":"p","timestamp":-5}', 'bad_timestamp'],
  ];
  test.each(rejects)('rejects %s as %s', (l, reason) => {
    expect(parse(l)).toEqual({ ok: false, reason });
  });

  test('JSON that is not an object is rejected (the line still has to start with "{" to be JSON)', () => {
    expect(parse(' {"message":"m"')).toEqual({ ok: false, reason: 'bad_json' });
    expect(parse('[1,2]')).toEqual({ ok: false, reason: 'no_timestamp' });
  });

  test('deeply nested JSON does not throw', () => {
    const deep = `{"a":${'['.repeat(200000)}${']'.repeat(200000)}}`;
    const r = parse(deep);
    expect(r.ok).toBe(false);
  });
});
