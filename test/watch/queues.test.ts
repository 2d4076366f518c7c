import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS } from '../../src/watch/alerts.js';
import { parseQueueListing, QueueTracker } from '../../src/watch/queues.js';
import { at, PostfixLog, qid } from '../support/postfix-log.js';
import { replay } from '../support/replay.js';

const countsAt = (r: ReturnType<typeof replay>, timeUs: number) => [...r.depth].reverse().find((d) => d.timeUs <= timeUs)?.counts;

describe('QueueTracker, from the log', () => {
  const log = new PostfixLog()
    .receive(1, 0).sent(1, 0.5).removed(1, 0.51)
    .receive(2, 1).deferred(2, 1.5)
    .receive(3, 2).deferred(3, 2.5)
    .active(2, 10).sent(2, 10.1).removed(2, 10.11);
  log.lines.push(
    '2026-11-26T10:03:00.000000+00:00 mx1 postfix/postsuper[4000]: 0000000003: placed on hold',
    '2026-11-26T10:04:00.000000+00:00 mx1 postfix/smtpd[2001]: 00000000AA: client=sender.example[198.51.100.9]',
    '2026-11-26T10:04:00.100000+00:00 mx1 postfix/cleanup[2002]: 00000000AA: message-id=<aa@sender.example>',
    '2026-11-26T10:05:00.000000+00:00 mx1 postfix/smtpd[2001]: 00000000BB: client=sender.example[198.51.100.9]',
  );
  const r = replay(log.sorted(), DEFAULT_ALERTS);

  it('follows each message from incoming to active to deferred to gone, as the lines say', () => {
    expect(countsAt(r, at(0) + 150_000)).toEqual({ incoming: 1, active: 0, deferred: 0, hold: 0 });
    expect(countsAt(r, at(0.2))).toEqual({ incoming: 0, active: 1, deferred: 0, hold: 0 });
    expect(countsAt(r, at(0.6))).toEqual({ incoming: 0, active: 0, deferred: 0, hold: 0 });
    expect(countsAt(r, at(2.6))).toEqual({ incoming: 0, active: 0, deferred: 2, hold: 0 });
  });

  it('moves a message to hold on postsuper -h, counts cleanup without qmgr as incoming, and never an abandoned session', () => {
    expect(countsAt(r, at(3))).toEqual({ incoming: 0, active: 0, deferred: 1, hold: 1 });
    expect(countsAt(r, at(5))).toEqual({ incoming: 1, active: 0, deferred: 1, hold: 1 });
    expect(countsAt(r, at(11))).toEqual({ incoming: 1, active: 0, deferred: 0, hold: 1 });
  });

  it('knows the oldest arrival per queue and since when it is exact', () => {
    const snap = r.watch.queues.picture('mx1', at(11));
    expect(snap.exactSinceUs).toBe(at(0));
    expect(snap.oldestUs).toEqual({ hold: at(2), incoming: at(4) + 100_000 }); // cleanup's line: Postfix's own arrival time
  });

  it('counts a message first seen mid-life (queued before the input began) once it appears', () => {
    const late = replay(new PostfixLog().chatter(0).deferred(9, 1).sorted(), DEFAULT_ALERTS);
    expect(late.depth.at(-1)?.counts.deferred).toBe(1);
    expect(late.watch.queues.picture('mx1', at(2)).exactSinceUs).toBe(at(0));
  });
});

describe('QueueTracker with several hosts', () => {
  it('keeps one picture and one exact-since time per host (a host joining later is exact only from its first line)', () => {
    const q = new QueueTracker();
    q.seen('mx1', at(0));
    q.seen('mx2', at(90));
    q.seen('mx1', at(95));
    expect([q.exactSinceUs('mx1'), q.exactSinceUs('mx2'), q.exactSinceUs('mx3')]).toEqual([at(0), at(90), undefined]);
    const copy = new QueueTracker();
    copy.restore(JSON.parse(JSON.stringify(q.state())));
    expect(copy.picture('mx2', at(100)).exactSinceUs).toBe(at(90));
  });
});

describe('reconciliation with postqueue -j', () => {
  it('parses the JSON listing, maildrop counting as incoming, skipping what is not a queue entry', () => {
    const text = [
      '{"queue_name": "deferred", "queue_id": "4B7C21A0F3", "arrival_time": 1795796581, "message_size": 1834, "forced_expire": false, "sender": "a@example.org", "recipients": [{"address": "b@example.net", "delay_reason": "connect to example.net[192.0.2.7]:25: Connection refused"}]}',
      '{"queue_name": "maildrop", "queue_id": "5C8D32B1A4", "arrival_time": 1795796600}',
      'postqueue: fatal: Queue report unavailable - mail system is down',
      '{"queue_name": "bogus", "queue_id": "X", "arrival_time": 1}',
    ].join('\n');
    expect(parseQueueListing(text)).toEqual({
      messages: [
        { queue: 'deferred', queueId: '4B7C21A0F3', arrivalUs: 1795796581_000000 },
        { queue: 'incoming', queueId: '5C8D32B1A4', arrivalUs: 1795796600_000000 },
      ],
      bad: 2,
    });
  });

  it('replaces the derived picture and reports listed − derived per queue', () => {
    const r = replay(new PostfixLog().receive(1, 0).deferred(1, 1).receive(2, 2).deferred(2, 3).sorted(), DEFAULT_ALERTS);
    const q: QueueTracker = r.watch.queues;
    const rec = q.reconcile('mx1', [
      { queue: 'deferred', queueId: qid(1), arrivalUs: at(0) },
      { queue: 'deferred', queueId: 'OLD1', arrivalUs: at(-600) },
      { queue: 'hold', queueId: 'OLD2', arrivalUs: at(-60) },
    ], at(4));
    expect(rec).toMatchObject({ derived: { deferred: 2, hold: 0 }, listed: { deferred: 2, hold: 1 }, difference: { incoming: 0, active: 0, deferred: 0, hold: 1 }, added: 2, removed: 1 });
    const snap = q.picture('mx1', at(4));
    expect(snap.counts).toEqual({ incoming: 0, active: 0, deferred: 2, hold: 1 });
    expect(snap.oldestUs).toEqual({ deferred: at(-600), hold: at(-60) });
  });
});
