/**
 * Lifecycle ends Postfix never logs (issue 15 items 2–4): sessions that never reached DATA, the queue file size
 * limit, and loopback hand-offs whose new queue id never appears.
 */
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/correlate/signals.js';
import { trackLines } from '../support/tracker-run.js';
import { toEvents } from '../../src/otel/message-events.js';

const run = (lines: string, finish = true) => trackLines(lines, finish ? Date.UTC(2026, 10, 27, 12) * 1000 : undefined);

const finals = (s: Signal[]) => s.flatMap((x) => (x.type === 'completed' ? [{ qid: x.lc.queueId, to: x.rcpt?.to, status: x.status, cause: x.cause }] : []));
const ends = (s: Signal[]) => s.flatMap((x) => (x.type === 'finished' ? [{ qid: x.lc.queueId, incomplete: x.incomplete }] : []));

describe('a session that never reached DATA', () => {
  const session = (stats: string) => `
    Nov 27 10:00:00 mx1 postfix/smtpd[300]: connect from mail.example.biz[203.0.113.5]
    Nov 27 10:00:01 mx1 postfix/smtpd[300]: 2E3F4A5B6C: client=mail.example.biz[203.0.113.5]
    Nov 27 10:00:01 mx1 postfix/smtpd[300]: 2E3F4A5B6C: reject: RCPT from mail.example.biz[203.0.113.5]: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table; from=<x@example.biz> to=<nobody@example.org> proto=ESMTP helo=<mail.example.biz>
    Nov 27 10:00:02 mx1 postfix/smtpd[300]: disconnect from mail.example.biz[203.0.113.5] ${stats}`;

  it('ends aborted at the disconnect, not queued at the end of input', () => {
    const { signals, tracker } = run(session('ehlo=1 mail=1 rcpt=1/2 quit=1 commands=4/5'), false);
    expect(tracker.size).toBe(0);
    expect(finals(signals)).toEqual([{ qid: '2E3F4A5B6C', to: undefined, status: 'aborted', cause: undefined }]);
    expect(ends(signals)).toEqual([{ qid: '2E3F4A5B6C', incomplete: false }]);
  });

  it('ends aborted after a DATA that failed (lost connection in DATA)', () => {
    const { signals } = run(session('ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4'));
    expect(finals(signals).map((f) => f.status)).toEqual(['aborted']);
  });

  it('a session whose DATA succeeded leaves the message to qmgr', () => {
    const { signals } = run(`${session('ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5')}
      Nov 27 10:00:02 mx1 postfix/qmgr[302]: 2E3F4A5B6C: from=<x@example.biz>, size=900, nrcpt=1 (queue active)`);
    expect(finals(signals).map((f) => f.status)).toEqual(['queued']);
  });

  it('a disconnect line without command counts (old Postfix) changes nothing', () => {
    const { signals } = run(session(''));
    expect(finals(signals).map((f) => f.status)).toEqual(['queued']);
  });
});

describe('queue file size limit exceeded', () => {
  it('ends the queue id rejected as message_too_large, before any removed line', () => {
    const { signals, tracker } = run(`
      Nov 27 10:00:01 mx1 postfix/smtpd[300]: 3F4A5B6C7D: client=mail.example.org[192.0.2.10]
      Nov 27 10:00:09 mx1 postfix/smtpd[300]: warning: 3F4A5B6C7D: queue file size limit exceeded`, false);
    expect(tracker.size).toBe(0);
    expect(finals(signals)).toEqual([{ qid: '3F4A5B6C7D', to: undefined, status: 'rejected', cause: 'message_too_large' }]);
    const change = signals.find((s) => s.type === 'state');
    expect(change && toEvents(change)[0].attrs['mta.cause.rule']).toBe('queue-file-size-limit');
  });
});

describe('a hand-off to a loopback relay whose queue id never appears', () => {
  const handOff = `
    Nov 27 10:00:00 mx1 postfix/pickup[400]: 4A5B6C7D8E: uid=0 from=<root>
    Nov 27 10:00:00 mx1 postfix/cleanup[401]: 4A5B6C7D8E: message-id=<h1@mx1.example.org>
    Nov 27 10:00:00 mx1 postfix/qmgr[402]: 4A5B6C7D8E: from=<root@mx1.example.org>, size=500, nrcpt=1 (queue active)
    Nov 27 10:00:01 mx1 postfix/smtp[403]: 4A5B6C7D8E: to=<ops@example.net>, relay=127.0.0.1[127.0.0.1]:2525, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D6C5B)
    Nov 27 10:00:01 mx1 postfix/qmgr[402]: 4A5B6C7D8E: removed`;

  it('is delivered once the wait is over', () => {
    const { signals } = run(`${handOff}
      Nov 27 10:06:00 mx1 postfix/qmgr[402]: 5B6C7D8E9F: removed`, false);
    expect(finals(signals)).toEqual([{ qid: '4A5B6C7D8E', to: 'ops@example.net', status: 'delivered', cause: undefined }]);
  });

  it('is delivered at the end of input, at the latest', () => {
    const { signals } = run(handOff);
    expect(finals(signals)).toEqual([{ qid: '4A5B6C7D8E', to: 'ops@example.net', status: 'delivered', cause: undefined }]);
  });

  it('is not completed twice when the new queue id does appear and deliver', () => {
    const { signals } = run(`${handOff}
      Nov 27 10:00:01 mx1 postfix/smtpd[404]: 9F8E7D6C5B: client=localhost[127.0.0.1]
      Nov 27 10:00:01 mx1 postfix/cleanup[401]: 9F8E7D6C5B: message-id=<h1@mx1.example.org>
      Nov 27 10:00:01 mx1 postfix/qmgr[402]: 9F8E7D6C5B: from=<root@mx1.example.org>, size=700, nrcpt=1 (queue active)
      Nov 27 10:00:02 mx1 postfix/smtp[405]: 9F8E7D6C5B: to=<ops@example.net>, relay=mx.example.net[203.0.113.7]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)
      Nov 27 10:00:02 mx1 postfix/qmgr[402]: 9F8E7D6C5B: removed
      Nov 27 10:10:00 mx1 postfix/qmgr[402]: 5B6C7D8E9F: removed`);
    expect(finals(signals)).toEqual([{ qid: '9F8E7D6C5B', to: 'ops@example.net', status: 'delivered', cause: undefined }]);
  });
});

describe('leftovers at the end of input', () => {
  it('carry mta.lifecycle.incomplete on their completed event', () => {
    const { signals } = run(`
      Nov 27 10:00:00 mx1 postfix/qmgr[402]: 6C7D8E9FA0: from=<a@example.org>, size=500, nrcpt=1 (queue active)
      Nov 27 10:00:01 mx1 postfix/smtp[403]: 6C7D8E9FA0: to=<b@example.net>, relay=none, delay=1, delays=0.1/0/0.9/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.7]:25: Connection refused)`);
    const done = signals.find((s) => s.type === 'completed');
    expect(done && toEvents(done)[0].attrs['mta.lifecycle.incomplete']).toBe(true);
  });
});
