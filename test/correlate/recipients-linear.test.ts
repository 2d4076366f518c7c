/**
 * recipients-linear — the work per message is linear in its recipients: one message with n recipients (deferred,
 * then delivered, then removed) reads its recipient list O(n) times in all, not once per recipient per line.
 * Counted, not timed: the lifecycle's `recipients` list is watched through a Proxy that counts every element
 * read (a search, a copy by concat, a loop), whatever array the tracker puts there. Before the index in
 * lifecycle.ts, 5 000 recipients took 1.7 s, 20 000 15.7 s, 50 000 126 s.
 */
import { describe, expect, it } from 'vitest';
import type { Lifecycle, Recipient } from '../../src/correlate/lifecycle.js';
import type { Signal } from '../../src/correlate/signals.js';
import { Tracker } from '../../src/correlate/tracker.js';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';
import type { PostfixEvent } from '../../src/parse/events.js';

const toRecord = createRecordParser({ timezone: 'UTC' });
const ev = (line: string): PostfixEvent => {
  const r = toRecord(line);
  if (!r.ok) throw new Error(line);
  return parseRecord(r.record) as PostfixEvent;
};
const at = (s: number) => `2026-11-26T10:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000000+00:00 mx1 postfix/`;
const rcpt = (i: number, status: 'sent' | 'deferred', s: number) => ev(`${at(s)}smtp[4]: AAAAAA1111: to=<u${i}@b.example>, relay=mx.b.example[192.0.2.2]:25, delay=1, delays=0/0/0.5/0.5, ` +
  (status === 'sent' ? 'dsn=2.0.0, status=sent (250 2.0.0 Ok)' : 'dsn=4.2.0, status=deferred (host mx.b.example[192.0.2.2] said: 450 4.2.0 try later (in reply to RCPT TO command))'));

/** Element reads of the recipient lists while one message with n recipients is deferred, delivered and removed. */
function reads(n: number): { reads: number; completed: number } {
  let count = 0;
  const watch = (list: Recipient[]): Recipient[] => new Proxy(list, {
    get(target, prop, recv) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) count++;
      return Reflect.get(target, prop, recv) as unknown;
    },
  });
  const signals: Signal[] = [];
  const tracker = new Tracker({ traceKey: 'queue-id', emit: (s) => signals.push(s) });
  tracker.apply(ev(`${at(0)}smtpd[1]: AAAAAA1111: client=a.example[192.0.2.1]`));
  const lc = [...tracker.lifecycles()][0] as Lifecycle;
  let list = watch(lc.recipients);
  Object.defineProperty(lc, 'recipients', { get: () => list, set: (v: Recipient[]) => { list = watch(v); }, enumerable: true });
  tracker.apply(ev(`${at(1)}qmgr[3]: AAAAAA1111: from=<a@a.example>, size=9, nrcpt=${n} (queue active)`));
  for (let i = 0; i < n; i++) tracker.apply(rcpt(i, 'deferred', 2));
  for (let i = 0; i < n; i++) tracker.apply(rcpt(i, 'sent', 600));
  tracker.apply(ev(`${at(601)}qmgr[3]: AAAAAA1111: removed`));
  return { reads: count, completed: signals.filter((s) => s.type === 'completed').length };
}

describe('cost per message is linear in its recipients', () => {
  it('4× the recipients is about 4× the list reads (quadratic would be 16×), and every recipient completes once', () => {
    const small = reads(1000);
    const large = reads(4000);
    expect(small.completed).toBe(1000);
    expect(large.completed).toBe(4000);
    expect(large.reads / small.reads).toBeLessThan(5);
    expect(large.reads).toBeLessThan(4000 * 10);
  });
});
