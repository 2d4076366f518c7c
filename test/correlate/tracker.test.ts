import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import { Tracker } from '../../src/correlate/tracker.js';
import { spanKeyOf } from '../../src/correlate/identity.js';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';
import type { PostfixEvent } from '../../src/parse/postfix-events.js';

const toRecord = createRecordParser({ timezone: 'UTC' });

function events(text: string): PostfixEvent[] {
  const out: PostfixEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = toRecord(line);
    if (!r.ok) continue;
    const ev = parseRecord(r.record);
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') out.push(ev);
  }
  return out;
}

function track(text: string, traceKey: 'message-id' | 'queue-id' = 'message-id', finish = true): { signals: Signal[]; tracker: Tracker } {
  const signals: Signal[] = [];
  const tracker = new Tracker({ traceKey, emit: (s) => signals.push(s) });
  for (const ev of events(text)) tracker.apply(ev);
  if (finish) tracker.finishAll(Number.MAX_SAFE_INTEGER);
  return { signals, tracker };
}

const completed = (signals: Signal[]) => signals.flatMap((s) => (s.type === 'completed' ? [{ qid: s.lc.queueId, to: s.rcpt?.to, status: s.status }] : []));
const finished = (signals: Signal[], qid: string) => signals.find((s) => s.type === 'finished' && s.lc.queueId === qid) as Extract<Signal, { type: 'finished' }>;

const sample = readFileSync(new URL('../../examples/sample.log', import.meta.url), 'utf8');

describe('Tracker on the bundled sample', () => {
  const { signals, tracker } = track(sample);

  it('gives every recipient exactly one final status; a hand-off to a filter is not one', () => {
    expect(completed(signals)).toEqual([
      { qid: '7C3D19E0F2', to: 'bob@example.org', status: 'delivered'},
      { qid: '91B2C3D4E5', to: 'dave@contoso.com', status: 'bounced'},
      { qid: '91B2C3D4E5', to: 'erin@gmx.de', status: 'delivered'},
      { qid: 'A6E7F8091A', to: 'carol@example.org', status: 'delivered'},
      { qid: '5D6E7F8091', to: 'grace@shop.example.net', status: 'delivered'},
      { qid: '2B3C4D5E6F', to: 'frank@yahoo.com', status: 'expired'},
      { qid: 'C1D2E3F4A5', to: 'newsletter@example.org', status: 'delivered'},
      { qid: 'E5F6A7B8C9', to: 'ceo@example.org', status: 'deleted'},
      { qid: '0A1B2C3D4E', to: 'heidi@icloud.com', status: 'bounced'},
      { qid: '1B2C3D4E5F', to: 'billing@example.com', status: 'delivered'},
      { qid: '0A1B2C3D4E', to: 'ivan@gmail.com', status: 'queued'},
    ]);
    expect(tracker.counters.unexpected).toBe(0);
    expect(tracker.size).toBe(0);
  });

  it('puts the content-filter hop into the same trace, as a child of the first queue id', () => {
    const first = finished(signals, '3F1A52C0B1').lc;
    const hop = finished(signals, '7C3D19E0F2').lc;
    expect(hop.traceKey).toBe(first.traceKey);
    expect(hop.hop).toMatchObject({ kind: 'filter', prevQueueId: '3F1A52C0B1', parentSpanKey: spanKeyOf(first) });
    expect(signals.filter((s) => s.type === 'received' && !s.lc.hop && !s.lc.notice)).toHaveLength(6);
  });

  it('gives a non-delivery notification its own trace and a link back', () => {
    const orig = finished(signals, '91B2C3D4E5').lc;
    const ndr = finished(signals, 'A6E7F8091A').lc;
    expect(ndr.traceKey).not.toBe(orig.traceKey);
    expect(ndr.notice).toEqual({ type: 'non-delivery', origQueueId: '91B2C3D4E5', origTraceKey: orig.traceKey, origSpanKey: spanKeyOf(orig) });
  });

  it('reports an expiry with the last deferral on record and tracks a message first seen mid-life', () => {
    const expired = finished(signals, '2B3C4D5E6F');
    expect(expired.lc.complete).toBe(false);
    const attempt = signals.find((s) => s.type === 'attempt' && s.lc.queueId === '2B3C4D5E6F');
    expect(attempt).toMatchObject({ attempt: 1, ev: { status: 'deferred', dsn: '4.7.0' } });
  });

  it('ends a message still queued at end of input as incomplete', () => {
    expect(finished(signals, '0A1B2C3D4E')).toMatchObject({ incomplete: true });
  });

  it('derives trace keys from the Message-ID, or from host + queue id + first sight', () => {
    expect(finished(signals, '5D6E7F8091').lc.traceKey).toBe('msgid|order-88231@partner.example');
    const byQueue = track(sample, 'queue-id').signals;
    const lc = finished(byQueue, '5D6E7F8091').lc;
    expect(lc.traceKey).toBe(`qid|mx1|5D6E7F8091|${lc.firstUs}`);
    expect(finished(byQueue, '7C3D19E0F2').lc.traceKey).toBe(finished(byQueue, '3F1A52C0B1').lc.traceKey);
  });
});

describe('Tracker when Postfix logs a story out of order', () => {
  const at = (s: number) => `2026-11-26T12:00:${String(s).padStart(2, '0')}.000000+00:00 mx1 postfix/`;
  const smtpIn = (t: number, qid: string, text: string) => `${at(t)}smtpd[40]: ${qid}: ${text}`;

  it('links a notification whose own queue line came before the bounce line, and waits to announce it', () => {
    const { signals } = track([
      `${at(1)}qmgr[2]: D00D000001: from=<a@example.org>, size=10, nrcpt=1 (queue active)`,
      `${at(2)}smtp[3]: D00D000001: to=<x@example.net>, relay=mx.example.net[192.0.2.4]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.4] said: 550 5.1.1 No such user (in reply to RCPT TO command))`,
      `${at(3)}cleanup[4]: D00D000002: message-id=<20261126120003.D00D000002@mx1.example.org>`,
      `${at(3)}qmgr[2]: D00D000002: from=<>, size=20, nrcpt=1 (queue active)`,
      `${at(3)}bounce[5]: D00D000001: sender non-delivery notification: D00D000002`,
      `${at(3)}qmgr[2]: D00D000001: removed`,
      `${at(4)}local[6]: D00D000002: to=<a@example.org>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (delivered to mailbox)`,
      `${at(4)}qmgr[2]: D00D000002: removed`,
    ].join('\n'));
    const received = signals.find((s) => s.type === 'received' && s.lc.queueId === 'D00D000002') as Extract<Signal, { type: 'received' }>;
    expect(received.lc.notice).toMatchObject({ type: 'non-delivery', origQueueId: 'D00D000001' });
    expect(received.timeUs).toBe(Date.parse('2026-11-26T12:00:03Z') * 1000);
    expect(finished(signals, 'D00D000002').lc.notice?.origQueueId).toBe('D00D000001');
  });

  it('links a notification even when its bounce line comes after the notification was delivered (postlogd)', () => {
    const { signals } = track([
      `${at(1)}qmgr[2]: D00D000011: from=<a@example.org>, size=10, nrcpt=1 (queue active)`,
      `${at(2)}smtp[3]: D00D000011: to=<x@nxdomain.example>, relay=none, delay=1, delays=0/0/1/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=nxdomain.example type=A: Host not found)`,
      `${at(2)}qmgr[2]: D00D000011: removed`,
      `${at(2)}cleanup[4]: D00D000012: message-id=<D00D000012@mx1.example.org>`,
      `${at(2)}qmgr[2]: D00D000012: from=<>, size=20, nrcpt=1 (queue active)`,
      `${at(2)}local[6]: D00D000012: to=<a@example.org>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)`,
      `${at(2)}qmgr[2]: D00D000012: removed`,
      `${at(2)}bounce[5]: D00D000011: sender non-delivery notification: D00D000012`,
    ].join('\n'), 'message-id', false);
    const ndr = signals.filter((s) => 'lc' in s && s.lc.queueId === 'D00D000012');
    expect(ndr.map((s) => s.type)).toEqual(['received', 'attempt', 'completed', 'finished']);
    expect(finished(signals, 'D00D000012').lc.notice?.origQueueId).toBe('D00D000011');
  });

  it('lets a notification\'s held signals out after a few seconds of log time without its bounce line', () => {
    const { signals } = track([
      `${at(1)}cleanup[4]: D00D000022: message-id=<D00D000022@mx1.example.org>`,
      `${at(1)}qmgr[2]: D00D000022: from=<>, size=20, nrcpt=1 (queue active)`,
      `${at(9)}qmgr[2]: E00E000001: from=<b@example.org>, size=5, nrcpt=1 (queue active)`,
    ].join('\n'), 'message-id', false);
    expect(signals.map((s) => s.type === 'received' && s.lc.queueId)).toEqual(['D00D000022', 'E00E000001']);
  });

  it('recognises a re-injection without XFORWARD that finishes before the filter answers queued as', () => {
    const { signals } = track([
      smtpIn(1, 'F11E000001', 'client=a.example[192.0.2.1]'),
      `${at(1)}cleanup[4]: F11E000001: message-id=<same@a.example>`,
      `${at(1)}qmgr[2]: F11E000001: from=<a@a.example>, size=10, nrcpt=1 (queue active)`,
      smtpIn(2, 'F11E000002', 'client=localhost[127.0.0.1]'),
      `${at(2)}cleanup[4]: F11E000002: message-id=<same@a.example>`,
      `${at(2)}qmgr[2]: F11E000002: from=<a@a.example>, size=12, nrcpt=1 (queue active)`,
      `${at(3)}local[6]: F11E000002: to=<b@example.org>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (delivered to mailbox)`,
      `${at(3)}qmgr[2]: F11E000002: removed`,
      `${at(4)}smtp[3]: F11E000001: to=<b@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=3, delays=0/0/0/3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as F11E000002)`,
      `${at(4)}qmgr[2]: F11E000001: removed`,
    ].join('\n'), 'queue-id');
    const hop = finished(signals, 'F11E000002').lc;
    const first = finished(signals, 'F11E000001').lc;
    expect(hop.hop).toMatchObject({ kind: 'filter', prevQueueId: 'F11E000001', parentSpanKey: spanKeyOf(first) });
    expect(hop.traceKey).toBe(first.traceKey);
    const received = signals.find((s) => s.type === 'received' && s.lc.queueId === 'F11E000002') as Extract<Signal, { type: 'received' }>;
    expect(received.lc.hop?.kind).toBe('filter');
    expect(completed(signals)).toEqual([{ qid: 'F11E000002', to: 'b@example.org', status: 'delivered' }]);
  });
});

describe('Tracker edge cases', () => {
  const q = (t: string, prog: string, text: string) => `2026-11-26T10:00:${t}+00:00 mx1 postfix/${prog}: ${text}`;

  it('skips a duplicated delivery line (rsyslog retry) instead of counting a second attempt', () => {
    const line = q('02.000000', 'smtp[9]', 'AAAAAA1111: to=<x@y.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to y.example[192.0.2.1]:25: Connection refused)');
    const { signals, tracker } = track([q('01.000000', 'qmgr[2]', 'AAAAAA1111: from=<a@b.example>, size=1, nrcpt=1 (queue active)'), line, line].join('\n'));
    expect(signals.filter((s) => s.type === 'attempt')).toHaveLength(1);
    expect(tracker.counters.duplicates).toBe(1);
  });

  it('starts a new lifecycle when a queue id is reused after removed', () => {
    const { signals } = track([
      q('01.000000', 'qmgr[2]', 'BBBBBB2222: from=<a@b.example>, size=1, nrcpt=1 (queue active)'),
      q('02.000000', 'qmgr[2]', 'BBBBBB2222: removed'),
      q('03.000000', 'qmgr[2]', 'BBBBBB2222: from=<c@d.example>, size=2, nrcpt=1 (queue active)'),
      q('04.000000', 'qmgr[2]', 'BBBBBB2222: removed'),
    ].join('\n'));
    const ends = signals.filter((s) => s.type === 'finished');
    expect(ends).toHaveLength(2);
    expect(spanKeyOf(ends[0].lc)).not.toBe(spanKeyOf(ends[1].lc));
    expect(ends.map((s) => s.lc.sender)).toEqual(['a@b.example', 'c@d.example']);
  });

  it('counts a line for a queue id never seen open as unseen and emits nothing', () => {
    const { signals, tracker } = track(q('01.000000', 'qmgr[2]', 'CCCCCC3333: removed'));
    expect(signals).toEqual([]);
    expect(tracker.counters.unseen).toBe(1);
  });

  it('emits a NOQUEUE reject without a lifecycle', () => {
    const { signals, tracker } = track(q('01.000000', 'smtpd[5]', 'NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table; from=<a@b.example> to=<nobody@example.org> proto=ESMTP helo=<b.example>'));
    expect(signals.map((s) => s.type)).toEqual(['smtpd-rejected']);
    expect(tracker.counters.opened).toBe(0);
  });

  it('evicts the oldest lifecycles first beyond maxInflight, also after others ended in between', () => {
    const signals: Signal[] = [];
    const tracker = new Tracker({ traceKey: 'queue-id', maxInflight: 3, emit: (s) => signals.push(s) });
    const queued = (t: number, qid: string) => q(`0${t}.000000`, 'qmgr[2]', `${qid}: from=<a@b.example>, size=1, nrcpt=1 (queue active)`);
    const lines = [queued(1, 'AAAA000001'), queued(2, 'AAAA000002'), queued(3, 'AAAA000003'), q('04.000000', 'qmgr[2]', 'AAAA000002: removed'),
      queued(5, 'AAAA000004'), queued(6, 'AAAA000005'), queued(7, 'AAAA000006')];
    for (const ev of events(lines.join('\n'))) tracker.apply(ev);
    const incomplete = signals.filter((s) => s.type === 'finished' && s.incomplete).map((s) => 'lc' in s && s.lc.queueId);
    expect(incomplete).toEqual(['AAAA000001', 'AAAA000003']);
    expect(tracker.counters.evicted).toBe(2);
    expect([...tracker.lifecycles()].map((lc) => lc.queueId)).toEqual(['AAAA000004', 'AAAA000005', 'AAAA000006']);
  });
});
