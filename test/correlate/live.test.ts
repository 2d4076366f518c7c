/**
 * live: lifecycles found by (host, queue id), kept in opening order, one per (host, queue id); also when several
 * hosts have one queue id in flight at once (checked against a plain model).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Live } from '../../src/correlate/live.js';
import { newLifecycle } from '../../src/correlate/lifecycle.js';

const lc = (host: string, qid: string, t: number) => newLifecycle(host, qid, t, 'client', `qid|${host}|${qid}|${t}`);

describe('Live', () => {
  it('finds by host and queue id, keeps opening order, forgets on delete', () => {
    const live = new Live();
    const a = lc('mx1', '4B7C21A0F3', 1);
    const b = lc('mx2', '4B7C21A0F3', 2);
    const c = lc('mx1', 'C0FFEE1234', 3);
    [a, b, c].forEach((x) => live.add(x));
    expect(live.get('mx1', '4B7C21A0F3')).toBe(a);
    expect(live.get(`mx${2}`, '4B7C21A0F3')).toBe(b);
    expect(live.get('mx3', '4B7C21A0F3')).toBeUndefined();
    expect([...live.values()]).toEqual([a, b, c]);
    live.delete(b);
    live.delete(b);
    expect(live.size).toBe(2);
    expect(live.get('mx2', '4B7C21A0F3')).toBeUndefined();
  });

  it('a second lifecycle for the same (host, queue id) replaces the first', () => {
    const live = new Live();
    const a = lc('mx1', '4B7C21A0F3', 1);
    const a2 = lc('mx1', '4B7C21A0F3', 9);
    live.add(a);
    live.add(a2);
    expect(live.size).toBe(1);
    expect(live.get('mx1', '4B7C21A0F3')).toBe(a2);
    live.delete(a);
    expect(live.get('mx1', '4B7C21A0F3')).toBe(a2);
  });

  it('agrees with a plain model when hosts share queue ids, whatever the order of adds and deletes', () => {
    const op = fc.tuple(fc.boolean(), fc.constantFrom('mx1', 'mx2', 'mx3'), fc.constantFrom('4B7C21A0F3', 'C0FFEE1234'));
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const live = new Live();
      let model: ReturnType<typeof lc>[] = [];
      ops.forEach(([add, host, qid], t) => {
        const found = model.find((x) => x.host === host && x.queueId === qid);
        if (add) {
          const x = lc(host, qid, t);
          live.add(x);
          model = model.filter((y) => y !== found).concat(x);
        } else if (found) {
          live.delete(found);
          live.delete(found);
          model = model.filter((y) => y !== found);
        }
        expect(live.size).toBe(model.length);
        expect([...live.values()]).toEqual(model);
        for (const h of ['mx1', 'mx2', 'mx3']) {
          for (const q of ['4B7C21A0F3', 'C0FFEE1234']) expect(live.get(h, q)).toBe(model.find((y) => y.host === h && y.queueId === q));
        }
      });
    }), { numRuns: 200 });
  });
});
