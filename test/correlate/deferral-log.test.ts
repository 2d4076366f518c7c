/**
 * deferral-log: time-ordered deferrals by column; dropping the oldest, counting and windowing agree with a plain
 * array of records, also across its compaction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeferralLog } from '../../src/correlate/deferral-log.js';
import type { Deferral } from '../../src/correlate/alert-types.js';

describe('DeferralLog', () => {
  it('behaves like an array of deferrals under push, dropUntil, countAfter and window', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 3000 }), (steps) => {
      const log = new DeferralLog();
      let ref: Deferral[] = [];
      let t = 0;
      for (const [dt, drop] of steps) {
        t += dt;
        const d: Deferral = { timeUs: t, domain: `d${t % 7}.example`, relay: t % 3 ? `mx${t % 5}.example` : undefined, cause: t % 2 ? 'dns_failure' : undefined };
        log.push(d);
        ref.push(d);
        if (drop) { log.dropUntil(t - 200); ref = ref.filter((x) => x.timeUs > t - 200); }
        expect(log.length).toBe(ref.length);
      }
      expect(log.countAfter(t - 100)).toBe(ref.filter((x) => x.timeUs > t - 100).length);
      expect(log.window(t - 150, t - 20)).toEqual(ref.filter((x) => x.timeUs > t - 150 && x.timeUs <= t - 20));
      expect(log.toJSON()).toEqual(ref);
      expect(DeferralLog.from(ref).toJSON()).toEqual(ref);
    }), { numRuns: 50 });
  });

  it('a log of times and causes only reads back without domain and relay', () => {
    const log = DeferralLog.from([{ timeUs: 5, domain: 'b.example', relay: 'mx.b.example', cause: 'connection_refused' }], false);
    expect(log.at(0)).toEqual({ timeUs: 5, domain: '', relay: undefined, cause: 'connection_refused' });
    log.dropUntil(5);
    expect(log.length).toBe(0);
  });
});
