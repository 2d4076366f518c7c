/**
 * reorder: lines released in log-time order once the window has passed; nothing lost, nothing duplicated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../src/correlate/reorder.js';

describe('ReorderBuffer', () => {
  it('puts lines back in order within the window and releases each exactly once', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }), fc.integer({ min: 0, max: 3000 }), (times, window) => {
      const buf = new ReorderBuffer<number>(window);
      const out: number[] = [];
      times.forEach((t, i) => out.push(...buf.push(t, i, 0)));
      out.push(...buf.drain());
      expect([...out].sort((a, b) => a - b)).toEqual(times.map((_, i) => i));
      // When no line is later than the window allows, the output is in log-time order.
      let max = -Infinity;
      const withinWindow = times.every((t) => { const ok = t >= max - window; max = Math.max(max, t); return ok; });
      if (withinWindow) expect(out.map((i) => times[i])).toEqual([...times].sort((a, b) => a - b));
    }));
  });

  it('fixes a `removed` that arrives before the last delivery line', () => {
    const buf = new ReorderBuffer<string>(500_000);
    const out = [
      ...buf.push(2_000_000, 'removed', 0),
      ...buf.push(1_900_000, 'status=sent', 0),
      ...buf.push(3_000_000, 'next message', 0),
    ];
    expect(out).toEqual(['status=sent', 'removed']);
    expect(buf.drain()).toEqual(['next message']);
  });

  it('keeps arrival order for equal times and releases on wall-clock time when the log is quiet', () => {
    const buf = new ReorderBuffer<string>(500_000);
    buf.push(1, 'a', 1000);
    buf.push(1, 'b', 1000);
    expect(buf.due(1400)).toEqual([]);
    expect(buf.due(1500)).toEqual(['a', 'b']);
    expect(buf.size).toBe(0);
  });

  it('passes straight through with a window of 0 and bounds what waits', () => {
    expect(new ReorderBuffer<string>(0).push(5, 'x', 0)).toEqual(['x']);
    const small = new ReorderBuffer<number>(1e12, 10);
    for (let i = 0; i < 100; i++) small.push(i, i, 0);
    expect(small.size).toBe(10);
  });
});
