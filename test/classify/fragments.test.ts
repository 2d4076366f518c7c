/** fragments.test — the Aho–Corasick scan finds exactly the fragments that `includes` finds, overlaps included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FragmentIndex } from '../../src/classify/fragments.js';

function scanned(fragments: string[], text: string): string[] {
  const index = new FragmentIndex();
  const ids = fragments.map((f) => index.add(f));
  index.build();
  const hits = new Uint8Array(index.size);
  const found = new Set(index.scan(text, hits));
  expect([...found].every((id) => hits[id] === 1)).toBe(true);
  return [...new Set(fragments.filter((_, i) => found.has(ids[i])))].sort();
}

describe('FragmentIndex', () => {
  it('finds overlapping and nested fragments', () => {
    expect(scanned(['spam', 'spamhaus', 'hau', 'user unknown', 'unknown user', 'boîte pleine'], 'x spamhaus user unknown user; boîte pleine'))
      .toEqual(['boîte pleine', 'hau', 'spam', 'spamhaus', 'unknown user', 'user unknown']);
  });

  it('gives the same id to the same fragment', () => {
    const index = new FragmentIndex();
    expect(index.add('quota')).toBe(index.add('quota'));
    expect(index.size).toBe(1);
  });

  it('agrees with String.includes on random fragments and texts', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), minLength: 1, maxLength: 5 });
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 40 }), (frags, text) => {
      expect(scanned(frags, text)).toEqual([...new Set(frags.filter((f) => text.includes(f)))].sort());
    }), { numRuns: 500 });
  });
});
