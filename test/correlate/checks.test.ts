/**
 * checks.test — verdicts and mailbox stores of the programs beside Postfix join the message they are about
 * (src/correlate/checks.ts), on test/golden/checks.log: an inbound message through SPF, OpenDKIM,
 * OpenDMARC, amavis and Dovecot; a DMARC-rejected spoof; a signed submission; an unsigned local message that a
 * remote refuses with 5.7.26; and a verdict for a queue id the log never shows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import { Tracker, type Classify } from '../../src/correlate/tracker.js';
import { Classifier } from '../../src/classify/classify.js';
import { createRecordParser } from '../../src/input/index.js';
import { toEvents } from '../../src/otel/message-events.js';
import type { EventOut, SpanOut } from '../../src/otel/model.js';
import { toSpans } from '../../src/otel/spans.js';
import { parseRecord } from '../../src/parse/index.js';

const toRecord = createRecordParser({ timezone: 'UTC' });
const classifier = new Classifier([]);
const classify = ((ev) => classifier.classify(ev as never)) as Classify;
const LINES = readFileSync(new URL('../golden/checks.log', import.meta.url), 'utf8').split('\n').filter(Boolean);

function run(lines: readonly string[], traceKey: 'message-id' | 'queue-id' = 'message-id'): { signals: Signal[]; events: EventOut[]; spans: SpanOut[] } {
  const signals: Signal[] = [];
  const t = new Tracker({ traceKey, classify, emit: (s) => signals.push(s) });
  for (const line of lines) {
    const r = toRecord(line);
    if (!r.ok) throw new Error(line);
    const ev = parseRecord(r.record);
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') t.apply(ev);
  }
  t.finishAll(Number.MAX_SAFE_INTEGER);
  return { signals, events: signals.flatMap(toEvents), spans: signals.flatMap(toSpans) };
}

const checked = (events: EventOut[], program: string, qid?: string): EventOut[] =>
  events.filter((e) => e.name === 'mta.message.checked' && e.attrs['mta.check.program'] === program && (qid === undefined || e.attrs['mta.queue_id'] === qid));
const traceOf = (events: EventOut[], qid: string): string | undefined => events.find((e) => e.name === 'mta.message.received' && e.attrs['mta.queue_id'] === qid)?.traceId;

describe.each(['message-id', 'queue-id'] as const)('with --trace-key %s', (traceKey) => {
  const { events, spans } = run(LINES, traceKey);
  const inbound = traceOf(events, '1A2B3C4D5E');

  it('puts SPF (no queue id), DKIM, DMARC and amavis on the inbound message\'s trace, and the store on the re-injected queue id', () => {
    expect(inbound).toMatch(/^[0-9a-f]{32}$/);
    for (const p of ['policyd-spf', 'opendkim', 'opendmarc', 'amavis']) {
      const [e, ...more] = checked(events, p, '1A2B3C4D5E');
      expect(more, p).toEqual([]);
      expect(e?.traceId, p).toBe(inbound);
    }
    const stored = events.filter((e) => e.name === 'mta.message.stored');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ traceId: traceOf(events, '6F7A8B9C0D'), attrs: { 'mta.queue_id': '6F7A8B9C0D', 'mta.mailbox.folder': 'INBOX', 'mta.recipient': 'bob@example.org', 'mta.mailbox.result': 'saved' } });
    if (traceKey === 'message-id') expect(traceOf(events, '6F7A8B9C0D')).toBe(inbound);
    const lmtp = spans.find((s) => s.name === 'mta.delivery' && s.attrs['mta.transport'] === 'lmtp');
    expect(stored[0].spanId).toBe(lmtp?.spanId);
    expect(lmtp?.events?.map((e) => [e.name, e.attrs['mta.mailbox.folder']])).toEqual([['mta.message.stored', 'INBOX']]);
  });

  it('gives each verdict its closed-set kind and result, direction and details; the OpenDKIM note names the signature', () => {
    expect(checked(events, 'opendkim', '1A2B3C4D5E')[0].attrs).toMatchObject({ 'mta.check.kind': 'dkim', 'mta.check.result': 'pass', 'mta.check.direction': 'inbound', 'mta.check.domain': 'example.net', 'mta.check.selector': 'k1' });
    expect(checked(events, 'policyd-spf', '1A2B3C4D5E')[0].attrs).toMatchObject({ 'mta.check.kind': 'spf', 'mta.check.result': 'pass', 'mta.check.domain': 'example.net' });
    expect(checked(events, 'amavis')[0].attrs).toMatchObject({ 'mta.check.kind': 'content', 'mta.check.result': 'clean', 'mta.check.score': -1.2, 'mta.check.duration': 0.21, 'mta.queued_as': '6F7A8B9C0D' });
    expect(checked(events, 'opendkim', '3C4D5E6F7A')[0].attrs).toMatchObject({ 'mta.check.result': 'signed', 'mta.check.direction': 'outbound', 'mta.check.domain': 'example.org' });
  });

  it('puts the verdicts given during receipt on the receive span as span events, and amavis\'s 210 ms in an mta.check span', () => {
    const receive = spans.find((s) => s.name === 'mta.receive' && s.attrs['mta.queue_id'] === '1A2B3C4D5E');
    expect(receive?.events?.map((e) => e.attrs['mta.check.kind'])).toEqual(['spf', 'dkim', 'dmarc']);
    for (const p of ['policyd-spf', 'opendkim', 'opendmarc']) expect(checked(events, p, '1A2B3C4D5E')[0].spanId).toBe(receive?.spanId);
    const check = spans.find((s) => s.name === 'mta.check');
    const root = spans.find((s) => s.name === 'mta.message' && s.attrs['mta.queue_id'] === '1A2B3C4D5E');
    expect(check).toMatchObject({ traceId: inbound, parentSpanId: root?.spanId, endUs: Date.parse('2026-12-04T10:00:00.740Z') * 1000 });
    expect((check as SpanOut).endUs - (check as SpanOut).startUs).toBe(210_000);
    expect(checked(events, 'amavis')[0].spanId).toBe(check?.spanId);
  });

  it('explains the milter reject by the DMARC failure the reply names, and lists the verdicts before it', () => {
    const names = events.filter((e) => e.attrs['mta.queue_id'] === '2B3C4D5E6F').map((e) => `${e.name}${e.attrs['mta.check.kind'] ? `:${String(e.attrs['mta.check.kind'])}` : ''}`);
    expect(names).toEqual(['mta.message.checked:spf', 'mta.message.checked:dkim', 'mta.message.checked:dmarc', 'mta.message.rejected:dmarc', 'mta.recipient.completed:dmarc']);
    const rejected = events.find((e) => e.name === 'mta.message.rejected');
    expect(rejected?.attrs).toMatchObject({ 'mta.cause': 'sender_auth_failure', 'mta.cause.rule': 'check-dmarc-fail', 'mta.check.program': 'opendmarc' });
  });

  it('names the missing DKIM signature when a remote refuses an unsigned message with 5.7.26, but not for a signed one', () => {
    const bounce = events.find((e) => e.name === 'mta.delivery.attempt' && e.attrs['mta.queue_id'] === '4D5E6F7A8B');
    expect(bounce?.attrs).toMatchObject({ 'mta.cause': 'sender_auth_failure', 'mta.check.kind': 'dkim', 'mta.check.program': 'opendkim' });
    const sent = LINES.findIndex((l) => l.includes('3C4D5E6F7A: to=<dave@example.net>'));
    const signed = run([...LINES.slice(0, sent), LINES[sent].replace('dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D6C5B)', 'dsn=5.7.26, status=bounced (host mx.example.net[192.0.2.40] said: 550 5.7.26 DMARC policy (in reply to end of data command))'), ...LINES.slice(sent + 1)], traceKey);
    const a = signed.events.find((e) => e.name === 'mta.delivery.attempt' && e.attrs['mta.queue_id'] === '3C4D5E6F7A');
    expect(a?.attrs['mta.cause']).toBe('sender_auth_failure');
    expect(a?.attrs['mta.check.kind']).toBeUndefined();
  });

  it('sends a verdict that finds no message without a trace, marked unjoined', () => {
    const [orphan] = checked(events, 'opendmarc', '5E6F7A8B9C');
    expect(orphan.traceId).toBeUndefined();
    expect(orphan.attrs['mta.check.joined']).toBe(false);
  });
});

describe('policy verdicts without a queue id', () => {
  it('join only a message of that client and sender within the session window', () => {
    const spf = LINES[1];
    const other = spf.replace('envelope-from=alice@example.net', 'envelope-from=mallory@example.com');
    const { events } = run([LINES[0], other, ...LINES.slice(2, 22)]);
    const [e] = checked(events, 'policyd-spf');
    expect(e.attrs['mta.check.joined']).toBe(false);
    expect(e.traceId).toBeUndefined();
    const late = run([LINES[0], spf, ...LINES.slice(2, 22).map((l) => l.replace(/^2026-12-04T10:00/, '2026-12-04T10:05'))]);
    expect(checked(late.events, 'policyd-spf')[0].attrs['mta.check.joined']).toBe(false);
  });
});

describe('a NOQUEUE reject after a failed SPF verdict of that client', () => {
  it('is sender_auth_failure naming spf; the verdict itself leaves without a trace', () => {
    const { events } = run([
      '2026-12-04T11:00:00.100000+00:00 mx1 postfix/smtpd[2401]: connect from bad.example.com[192.0.2.77]',
      '2026-12-04T11:00:00.200000+00:00 mx1 policyd-spf[2402]: Fail; identity=mailfrom; client-ip=192.0.2.77; helo=bad.example.com; envelope-from=eve@example.com; receiver=mx1.example.org',
      '2026-12-04T11:00:00.210000+00:00 mx1 postfix/smtpd[2401]: NOQUEUE: reject: RCPT from bad.example.com[192.0.2.77]: 550 5.7.23 <bob@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized; from=<eve@example.com> to=<bob@example.org> proto=ESMTP helo=<bad.example.com>',
      '2026-12-04T11:00:00.300000+00:00 mx1 postfix/smtpd[2401]: disconnect from bad.example.com[192.0.2.77] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4',
    ]);
    const rejected = events.find((e) => e.name === 'mta.smtpd.rejected');
    expect(rejected?.attrs).toMatchObject({ 'mta.cause': 'sender_auth_failure', 'mta.cause.rule': 'check-spf-fail', 'mta.check.kind': 'spf', 'mta.check.program': 'policyd-spf' });
    const [spf] = checked(events, 'policyd-spf');
    expect(spf.attrs).toMatchObject({ 'mta.check.result': 'fail', 'mta.check.joined': false });
  });
});

describe('a store after its queue id ended', () => {
  it('goes on the ended message\'s trace and root span', () => {
    const moved = [...LINES.slice(0, 18), LINES[19], LINES[20], LINES[18], ...LINES.slice(21)];
    const { events, spans } = run(moved);
    const stored = events.find((e) => e.name === 'mta.message.stored');
    const root = spans.find((s) => s.name === 'mta.message' && s.attrs['mta.queue_id'] === '6F7A8B9C0D');
    expect(stored).toMatchObject({ traceId: root?.traceId, spanId: root?.spanId, attrs: { 'mta.queue_id': '6F7A8B9C0D' } });
  });
});
