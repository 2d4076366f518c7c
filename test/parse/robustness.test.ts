/**
 * robustness.test — no Postfix parser throws, whatever it is given (fast-check properties).
 *
 * The parsers are called straight from the PARSERS table, bypassing parseRecord's safety net, so a throw
 * fails the property: real fixture lines cut at a random point with random text appended, and random text
 * under every Postfix program name.
 *
 * Limits: only "does not throw" and "returns a result with a kind" are checked here; what each line parses to is
 * in test/fixtures/parse/*.yaml.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSERS, parseRecord } from '../../src/parse/index.js';
import { loadTables, record } from './fixture-tables.js';

const RECORDS = loadTables().flatMap((t) => t.cases.map((c) => record(c.line)));
const PROGRAMS = Object.keys(PARSERS);

function parseDirect(tag: string, text: string): string {
  const slash = tag.lastIndexOf('/');
  const program = tag.slice(slash + 1);
  const parser = PARSERS[program];
  if (parser === undefined) return parseRecord({ timeUs: 0, host: 'h', tag, text }).kind;
  return parser({ timeUs: 0, host: 'h', tag, text }, tag.slice(0, slash), program).kind;
}

describe('parsers never throw', () => {
  it('on real lines cut anywhere, with anything appended', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RECORDS), fc.nat(), fc.string({ unit: 'binary', maxLength: 40 }), (rec, cut, junk) => {
        const text = rec.text.slice(0, cut % (rec.text.length + 1)) + junk;
        expect(typeof parseDirect(rec.tag, text)).toBe('string');
      }),
      { numRuns: 5000 },
    );
  });

  it('on random text under every Postfix program', () => {
    const prefixes = ['', '4B7C21A0F3: ', 'NOQUEUE: ', '3pJjg82Vycz1JBJG: ', 'connect to ', '4B7C21A0F3: to=<'];
    fc.assert(
      fc.property(fc.constantFrom(...PROGRAMS), fc.constantFrom(...prefixes), fc.string({ maxLength: 120 }), (program, prefix, rest) => {
        expect(typeof parseDirect(`postfix/${program}`, prefix + rest)).toBe('string');
      }),
      { numRuns: 5000 },
    );
  });

  it('on lines made of the grammar\'s own punctuation', () => {
    const piece = fc.constantFrom('<', '>', '[', ']', ':', ', ', ';', '(', ')', '=', ' ', 'to=<', 'relay=', 'status=', 'from=<', 'dsn=', 'delay=', 'a', '1', '/');
    fc.assert(
      fc.property(fc.constantFrom(...PROGRAMS), fc.array(piece, { maxLength: 30 }), (program, pieces) => {
        expect(typeof parseDirect(`postfix/${program}`, '4B7C21A0F3: ' + pieces.join(''))).toBe('string');
      }),
      { numRuns: 5000 },
    );
  });
});
