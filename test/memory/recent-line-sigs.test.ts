import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecentLineSigs } from '../../src/memory/recent-line-sigs.js';
import { lineSig } from '../../src/correlate/replay.js';

describe('RecentLineSigs', () => {
  it('remembers at least the last `size` signatures and forgets those older than 2 × size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 2 ** 53 - 1 }), { maxLength: 400 }), (size, sigs) => {
      const set = new RecentLineSigs(size);
      const distinct: number[] = [];
      for (const s of sigs) {
        if (!set.has(s)) distinct.push(s);
        set.add(s);
        const recent = distinct.slice(-size);
        for (const r of recent) expect(set.has(r)).toBe(true);
        const forgotten = distinct.slice(0, Math.max(0, distinct.length - 2 * size)).filter((x) => !distinct.slice(-2 * size).includes(x));
        for (const f of forgotten) expect(set.has(f)).toBe(false);
      }
    }));
  });

  it('tells line signatures apart and treats 0 like any other signature', () => {
    const set = new RecentLineSigs(1000);
    const sigs = Array.from({ length: 1000 }, (_, i) => lineSig({ host: 'mx1', timeUs: 1_795_796_581_000_000 + i, pid: 42, text: `4B7C21A0F3: removed ${i}` }));
    sigs.slice(0, 500).forEach((s) => set.add(s));
    expect(sigs.slice(0, 500).every((s) => set.has(s))).toBe(true);
    expect(sigs.slice(500).some((s) => set.has(s))).toBe(false);
    expect(set.has(0)).toBe(false);
    set.add(0);
    expect(set.has(0)).toBe(true);
  });
});
