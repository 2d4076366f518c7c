/**
 * own: copies are equal to the field for every kind of string (ASCII, non-Latin, lone surrogates from JSON input);
 * Names hands out one shared copy per name (identity is not observable in JS; heap figures are in bench/).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Names, own } from '../../src/correlate/own.js';

describe('own', () => {
  it('returns a string equal to the one given, whatever it holds', () => {
    const line = 'Nov 27 10:00:01 mx1 postfix/cleanup[1528]: D8295ABDE1: message-id=<762e9d01-3629-7ffa@shop.example.org>';
    expect(own(line.slice(line.indexOf('<') + 1, -1))).toBe('762e9d01-3629-7ffa@shop.example.org');
    for (const s of ['short', 'Grüße aus Köln <jörg@bücher.example>', '例え@例え.jp long enough', 'lone \ud800 surrogate from JSON', '']) {
      expect(own(s)).toBe(s);
    }
    expect(own(undefined)).toBeUndefined();
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => { expect(own(s)).toBe(s); }));
  });
});

describe('Names', () => {
  it('returns each name unchanged, before and after it starts over', () => {
    const names = new Names(2);
    const a = names.get('mail.example.org'.slice(0));
    expect(names.get(`mail.example.${'org'}`)).toBe(a);
    names.get('mx2.example.org');
    expect(names.get('mx3.example.org')).toBe('mx3.example.org');
  });
});

describe('own, long strings', () => {
  it('copies strings longer than its scratch buffer too', () => {
    const long = 'ü'.repeat(20_000);
    expect(own(long)).toBe(long);
  });
});
