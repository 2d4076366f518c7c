/**
 * replay: a lifecycle remembers the signatures of its newest lines, so a copy is skipped; a long-lived message does
 * not grow its memory with every retry.
 */
import { describe, expect, it } from 'vitest';
import { AppliedLines, lineSig } from '../../src/correlate/replay.js';
import { newLifecycle } from '../../src/correlate/lifecycle.js';

describe('AppliedLines', () => {
  it('keeps the signatures of a lifecycle\'s last 32 lines and skips a copy of any of them', () => {
    const copies = new AppliedLines();
    const lc = newLifecycle('mx1', '4B7C21A0F3', 1_795_796_581_000_000, 'client');
    const lines = Array.from({ length: 40 }, (_, i) => ({ host: 'mx1', timeUs: 1_795_796_581_000_000 + i * 3_600_000_000, pid: 9, text: `4B7C21A0F3: retry ${i}` }));
    for (const ev of lines) {
      expect(copies.skip(ev, lineSig(ev), lc, false)).toBeUndefined();
      copies.applied(ev, lineSig(ev), lc);
    }
    expect(lc.seen).toHaveLength(32);
    expect(lc.seen).toEqual(lines.slice(8).map(lineSig));
    expect(copies.skip(lines[39], lineSig(lines[39]), lc, false)).toBe('duplicate');
    expect(copies.skip(lines[8], lineSig(lines[8]), lc, false)).toBe('duplicate');
  });
});
