/**
 * deferral-log: time-ordered deferrals by column; dropping the oldest, counting and windowing agree with a plain
 * array of records, also across its chunks of 1 024.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeferralLog } from '../../src/watch/deferral-log.js';
import type { Deferral } from '../../src/watch/alert-types.js';

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

  it('keeps a long log in order across its chunks while the oldest are dropped bit by bit', () => {
    const log = new DeferralLog();
    const ref: Deferral[] = [];
    for (let t = 1; t <= 5000; t++) {
      const d: Deferral = { timeUs: t * 10, domain: `d${t % 3}.example`, relay: t % 4 ? 'mx.example' : undefined, cause: `c${t % 5}` };
      log.push(d);
      ref.push(d);
    }
    for (const until of [0, 10, 10235, 10240, 10250, 20480, 33333, 49990]) {
      log.dropUntil(until);
      const kept = ref.filter((x) => x.timeUs > until);
      expect(log.length).toBe(kept.length);
      expect(log.at(0)).toEqual(kept[0]);
      expect(log.timeAt(kept.length - 1)).toBe(50000);
      expect(log.countAfter(40000)).toBe(kept.filter((x) => x.timeUs > 40000).length);
      expect(log.window(30000, 30100)).toEqual(kept.filter((x) => x.timeUs > 30000 && x.timeUs <= 30100));
    }
    expect(log.toJSON()).toEqual(ref.slice(-1));
    log.dropUntil(50000);
    expect(log.length).toBe(0);
    log.push(ref[0]);
    expect(log.toJSON()).toEqual([ref[0]]);
  });

  it('a log of times and causes only reads back without domain and relay', () => {
    const log = DeferralLog.from([{ timeUs: 5, domain: 'b.example', relay: 'mx.b.example', cause: 'connection_refused' }], false);
    expect(log.at(0)).toEqual({ timeUs: 5, domain: '', relay: undefined, cause: 'connection_refused' });
    log.dropUntil(5);
    expect(log.length).toBe(0);
  });
});
