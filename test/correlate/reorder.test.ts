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

  it('drops a copy of a line still waiting (same key at the same instant), not a different line at that instant', () => {
    const buf = new ReorderBuffer<string>(1_000_000);
    expect(buf.push(5, 'a', 0, 11)).toEqual([]);
    expect(buf.push(5, 'b', 0, 12)).toEqual([]);
    expect(buf.push(4, 'c', 0, 13)).toEqual([]);
    expect(buf.push(5, 'a again', 0, 11)).toEqual([]);
    expect(buf.duplicates).toBe(1);
    expect(buf.drain()).toEqual(['c', 'a', 'b']);
    // Once it has left, the same key is no longer the buffer's business (the tracker's replay memory sees it).
    expect(buf.push(5, 'a late', 0, 11)).toEqual([]);
    expect(buf.drain()).toEqual(['a late']);
  });

  it('keeps order and loses nothing over many lines (the taken slots are compacted away)', () => {
    const buf = new ReorderBuffer<number>(1000);
    const out: number[] = [];
    for (let i = 0; i < 10_000; i++) out.push(...buf.push(i * 10 + (i % 3 === 0 ? -15 : 0), i, 0));
    out.push(...buf.drain());
    expect(out).toHaveLength(10_000);
    expect(new Set(out).size).toBe(10_000);
    expect(buf.size).toBe(0);
    expect(buf.waiting()).toEqual([]);
  });
});
