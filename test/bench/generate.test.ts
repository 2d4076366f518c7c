/**
 * generate — checks the benchmark's log generator (bench/generate.mjs): same seed, same bytes; every line has
 * a syslog envelope and a Postfix shape; each queue id tells a coherent story; the fate mix is a real server's.
 *   `2026-11-01T00:00:01.444014+00:00 mx2 postfix/qmgr[1187]: 9C8A73FC11: from=<…>, size=23154, nrcpt=2 (queue active)`
 * Limits: runs the generator as a child process (small sizes); timing is measured by `npm run bench`, not here.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';

const gen = (...args: string[]): string =>
  execFileSync(process.execPath, ['bench/generate.mjs', ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00) (\S+) ([\w/.-]+)\[(\d+)\]: (.+)$/;
const RFC3164 = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([\w/.-]+)\[(\d+)\]: (.+)$/;
const QID = /^([0-9A-F]{10,11}): /;

interface Line { stamp: string; host: string; tag: string; pid: string; text: string }

function split(text: string, re: RegExp): Line[] {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((l) => {
    const m = re.exec(l);
    if (!m) throw new Error(`no envelope: ${l}`);
    return { stamp: m[1], host: m[2], tag: m[3], pid: m[4], text: m[5] };
  });
}

describe('bench/generate.mjs', () => {
  const log = gen('--lines', '30000', '--seed', '7', '--queue-lifetime', '600');
  const lines = split(log, RFC3339);

  it('is deterministic: same seed gives the same bytes, another seed other bytes', () => {
    expect(gen('--lines', '30000', '--seed', '7', '--queue-lifetime', '600')).toBe(log);
    expect(gen('--lines', '30000', '--seed', '8')).not.toBe(log);
    expect(lines).toHaveLength(30000);
  });

  it('writes monotonic RFC 3339 stamps and the same workload as RFC 3164', () => {
    for (let i = 1; i < lines.length; i++) expect(lines[i].stamp >= lines[i - 1].stamp).toBe(true);
    const bsd = split(gen('--lines', '30000', '--seed', '7', '--queue-lifetime', '600', '--format', 'rfc3164'), RFC3164);
    expect(bsd.map((l) => l.text)).toEqual(lines.map((l) => l.text));
    expect(new Set(lines.map((l) => l.host))).toEqual(new Set(['mx1', 'mx2', 'out3']));
  });

  it('writes only lines that mtatrace reads: every line a record, no Postfix line unparsed', () => {
    const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });
    const unparsed: string[] = [];
    for (const line of log.split('\n').slice(0, -1)) {
      const r = toRecord(line);
      expect(r.ok).toBe(true);
      if (r.ok && parseRecord(r.record).kind === 'unparsed') unparsed.push(line);
    }
    expect(unparsed).toEqual([]);
  });

  it('gives every queue id one story: client or pickup, one message-id, queue active, then removed last', () => {
    const seen = new Map<string, string[]>();
    for (const l of lines) {
      if (!l.tag.startsWith('postfix/')) continue;
      const m = QID.exec(l.text);
      if (!m) continue;
      const key = `${l.host}/${m[1]}`;
      const steps = seen.get(key) ?? [];
      expect(steps.at(-1)).not.toBe('removed');
      const what = l.text.slice(m[0].length);
      steps.push(what === 'removed' ? 'removed' : what.startsWith('message-id=') ? 'msgid' : what.endsWith('(queue active)') ? 'active' : 'other');
      seen.set(key, steps);
    }
    let finished = 0;
    for (const steps of seen.values()) {
      if (steps.at(-1) !== 'removed' || steps[0] === 'removed') continue;
      finished++;
      expect(steps.filter((s) => s === 'msgid')).toHaveLength(1);
      expect(steps.indexOf('active')).toBeGreaterThan(-1);
    }
    expect(finished).toBeGreaterThan(2000);
  });

  it('links filter hops and NDRs to queue ids that appear on the same host, with the same message-id for hops', () => {
    const msgid = new Map<string, string>();
    for (const l of lines) {
      const m = /^(\w+): message-id=(<[^>]+>)$/.exec(l.text);
      if (m) msgid.set(`${l.host}/${m[1]}`, m[2]);
    }
    let hops = 0;
    let ndrs = 0;
    for (const l of lines) {
      const hop = /^(\w+): to=<[^>]+>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:10024, .*status=sent \(250 2\.0\.0 Ok: queued as (\w+)\)$/.exec(l.text);
      if (hop) {
        hops++;
        expect(msgid.get(`${l.host}/${hop[2]}`)).toBe(msgid.get(`${l.host}/${hop[1]}`));
      }
      const ndr = /^\w+: sender non-delivery notification: (\w+)$/.exec(l.text);
      if (ndr && l.tag === 'postfix/bounce') {
        ndrs++;
        expect(lines.some((o) => o.host === l.host && o.text.startsWith(`${ndr[1]}: from=<>, size=`))).toBe(true);
      }
    }
    expect(hops).toBeGreaterThan(100);
    expect(ndrs).toBeGreaterThan(10);
  });

  it('has the fate mix of a real server: mostly sent, some deferred, bounced, expired and rejected', () => {
    const count = (re: RegExp): number => lines.filter((l) => re.test(l.text)).length;
    const sent = count(/, status=sent \(/);
    const deferred = count(/, status=deferred \(/);
    const bounced = count(/, status=bounced \(/);
    expect(sent / (sent + deferred + bounced)).toBeGreaterThan(0.85);
    expect(deferred).toBeGreaterThan(50);
    expect(bounced).toBeGreaterThan(20);
    for (const dsn of ['5.1.1', '5.2.2', '5.7.1', '5.3.4']) expect(count(new RegExp(`dsn=${dsn.replace(/\./g, '\\.')}, status=bounced`))).toBeGreaterThan(0);
    expect(count(/status=expired, returned to sender$/)).toBeGreaterThan(0);
    expect(count(/^NOQUEUE: reject: RCPT from /)).toBeGreaterThan(100);
    expect(count(/nrcpt=[2-9]/)).toBeGreaterThan(100);
  });

  it('pairs every smtpd connect with a disconnect from the same pid before the pid is reused', () => {
    const open = new Map<string, string>();
    for (const l of lines) {
      if (!l.tag.endsWith('/smtpd')) continue;
      const key = `${l.host}/${l.pid}`;
      const c = /^connect from (\S+)$/.exec(l.text);
      const d = /^disconnect from (\S+) /.exec(l.text);
      if (c) { expect(open.has(key)).toBe(false); open.set(key, c[1]); }
      if (d) { expect(open.get(key)).toBe(d[1]); open.delete(key); }
    }
  });

  it('--inflight N queues and defers N messages and removes none', () => {
    const inflight = split(gen('--inflight', '300'), RFC3339);
    expect(inflight.filter((l) => l.text.endsWith('(queue active)'))).toHaveLength(300);
    expect(inflight.filter((l) => /, status=deferred \(/.test(l.text))).toHaveLength(300);
    expect(inflight.some((l) => l.text.endsWith(': removed'))).toBe(false);
  });
});
