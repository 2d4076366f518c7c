/**
 * hand-off — the one check (correlate/hops.ts `isHandOff`) that a `status=sent` only hands the message on here
 * (a content filter on this host, or local(8) forwarding it), used by the tracker, the watch and the metrics.
 */
import { describe, expect, it } from 'vitest';
import { isHandOff } from '../../src/correlate/hops.js';
import { createRecordParser } from '../../src/input/index.js';
import { parseRecord } from '../../src/parse/index.js';
import type { Delivery } from '../../src/parse/postfix-events.js';
import { DEFAULT_ALERTS } from '../../src/watch/alerts.js';
import { Watch } from '../../src/watch/watch.js';

const toRecord = createRecordParser({ timezone: 'UTC', year: 2026 });
const delivery = (relay: string, reply: string): Delivery => {
  const r = toRecord(`Nov 27 08:00:01 mx2 postfix/smtp[3110]: 7F3A2B1C4D: to=<sales@shop.example>, relay=${relay}, delay=1.1, delays=0.5/0.01/0.02/0.56, dsn=2.0.0, status=sent (${reply})`);
  if (!r.ok) throw new Error('bad line');
  const ev = parseRecord(r.record);
  if (ev.kind !== 'delivery') throw new Error(`not a delivery: ${ev.kind}`);
  return ev;
};
const QUEUED = '250 2.0.0 from MTA(smtp:[::1]:10025): 250 2.0.0 Ok: queued as 9C8D7E6F5A';

describe('isHandOff', () => {
  it('is a filter on this host (127.0.0.0/8, ::1, ipv6:::1) answering `queued as`, or a local forward', () => {
    for (const relay of ['127.0.0.1[127.0.0.1]:10024', '127.0.0.2[127.0.0.2]:10024', 'localhost[::1]:10024', 'localhost[ipv6:::1]:10024']) {
      expect(isHandOff(delivery(relay, QUEUED)), relay).toBe(true);
    }
    expect(isHandOff({ ...delivery('local', 'forwarded as 0F1E2D3C4B'), queuedAs: '0F1E2D3C4B' })).toBe(true);
  });

  it('is not a remote relay that says `queued as`, nor a filter on this host that did not', () => {
    expect(isHandOff(delivery('mx.shop.example[203.0.113.25]:25', '250 2.0.0 Ok: queued as 4QxYz1Lm2N'))).toBe(false);
    expect(isHandOff(delivery('localhost[::1]:10024', '250 2.0.0 Ok'))).toBe(false);
  });

  it('keeps the watch from counting a hand-off over ipv6:::1 as a delivery (a remote one counts)', () => {
    const lastSuccess = (relay: string, reply: string): number => {
      const watch = new Watch(DEFAULT_ALERTS);
      const ev = delivery(relay, reply);
      watch.before('mx2', ev.timeUs - 60e6, ev, 0);
      watch.signal({ type: 'attempt', lc: {} as never, ev, rcpt: {} as never, attempt: 1 });
      return (watch.alerts('mx2')?.state().lastSuccessUs ?? NaN) - ev.timeUs;
    };
    expect(lastSuccess('localhost[ipv6:::1]:10024', QUEUED)).toBe(-60e6);
    expect(lastSuccess('mx.shop.example[203.0.113.25]:25', '250 2.0.0 Ok: queued as 4QxYz1Lm2N')).toBe(0);
  });
});
