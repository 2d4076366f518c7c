/**
 * flatCopy: copies are equal to the field for every kind of string (ASCII, non-Latin, lone surrogates from JSON input);
 * SharedStrings hands out one shared copy per name (identity is not observable in JS; heap figures are in bench/).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatCopy } from '../../src/memory/flat-copy.js';
import { SharedStrings } from '../../src/memory/shared-strings.js';

describe('flatCopy', () => {
  it('returns a string equal to the one given, whatever it holds', () => {
    const line = 'Nov 27 10:00:01 mx1 postfix/cleanup[1528]: D8295ABDE1: message-id=<762e9d01-3629-7ffa@shop.example.org>';
    expect(flatCopy(line.slice(line.indexOf('<') + 1, -1))).toBe('762e9d01-3629-7ffa@shop.example.org');
    for (const s of ['short', 'Grüße aus Köln <jörg@bücher.example>', '例え@例え.jp long enough', 'lone \ud800 surrogate from JSON', '']) {
      expect(flatCopy(s)).toBe(s);
    }
    expect(flatCopy(undefined)).toBeUndefined();
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => { expect(flatCopy(s)).toBe(s); }));
  });
});

describe('SharedStrings', () => {
  it('returns each name unchanged, before and after it starts over', () => {
    const names = new SharedStrings(2);
    const a = names.get('mail.example.org'.slice(0));
    expect(names.get(`mail.example.${'org'}`)).toBe(a);
    names.get('mx2.example.org');
    expect(names.get('mx3.example.org')).toBe('mx3.example.org');
  });
});

describe('SharedStrings as a bounded table of texts', () => {
  it('never remembers more than max texts, nor one longer than maxLength, and returns each unchanged', () => {
    const texts = new SharedStrings(3, 20);
    for (let i = 0; i < 50; i++) {
      const reply = `host mx${i % 7}.example.net said: 450 4.7.1 Greylisted`;
      expect(texts.get(reply.slice(0, 30))).toBe(reply.slice(0, 30));
      expect(texts.get(`4.4.${i % 5}`)).toBe(`4.4.${i % 5}`);
      expect(texts.size).toBeLessThanOrEqual(3);
    }
    const before = texts.size;
    expect(texts.get('x'.repeat(21))).toBe('x'.repeat(21));
    expect(texts.size).toBe(before);
  });
});

describe('own, long strings', () => {
  it('copies strings longer than its scratch buffer too', () => {
    const long = 'ü'.repeat(20_000);
    expect(flatCopy(long)).toBe(long);
  });
});
