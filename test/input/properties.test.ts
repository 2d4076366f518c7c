import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRecordParser, splitLines } from '../../src/input/index.js';
import type { InputRejectReason } from '../../src/input/index.js';

const REASONS: InputRejectReason[] = ['empty', 'too_long', 'no_timestamp', 'bad_timestamp', 'no_tag', 'bad_json', 'json_not_object', 'json_no_message', 'bad_header'];
const parse = createRecordParser({ timezone: 'Europe/Berlin', nowMs: () => Date.UTC(2026, 10, 27, 18) });

function checkResult(line: string): void {
  const r = parse(line);
  if (r.ok) {
    expect(Number.isSafeInteger(r.record.timeUs)).toBe(true);
    expect(typeof r.record.tag).toBe('string');
    expect(r.record.tag.length).toBeGreaterThan(0);
  } else {
    expect(REASONS).toContain(r.reason);
  }
}

const SEEDS = [
  'Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<bob@example.net>, status=sent (250 2.0.0 Ok)',
  '2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp[1234]: 4B7C21A0F3: removed',
  '<22>1 2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp 1234 - [a@1 x="]"] text',
  '{"__REALTIME_TIMESTAMP":"1795796581123456","_HOSTNAME":"mx1","SYSLOG_IDENTIFIER":"postfix/smtp","MESSAGE":"m"}',
  '{"date":1795796581.5,"log":"Nov 27 16:23:01 mx1 postfix/smtp[1]: x"}',
];

/** A seed line with a random slice cut out and random text spliced in. */
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat(), fc.string({ unit: 'binary' }))
  .map(([seed, a, b, ins]) => {
    const i = a % (seed.length + 1);
    const j = i + (b % 8);
    return seed.slice(0, i) + ins + seed.slice(j);
  });

describe('never throws', () => {
  test('random unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => checkResult(s)), { numRuns: 3000 });
  });

  test('mutated real lines', () => {
    fc.assert(fc.property(mutated, (s) => checkResult(s)), { numRuns: 5000 });
  });

  test('random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const s = JSON.stringify(v);
      checkResult(s);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) expect(parse(s)).not.toEqual({ ok: false, reason: 'bad_json' });
    }), { numRuns: 2000 });
  });

  test('random objects with the known field names and odd values', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(fc.integer({ min: -5, max: 300 })), fc.object());
    const keys = fc.constantFrom('MESSAGE', 'message', 'msg', 'log', 'SYSLOG_IDENTIFIER', 'appname', 'tag', 'syslogtag', 'programname',
      '_PID', 'procid', '_HOSTNAME', 'host', 'hostname', '__REALTIME_TIMESTAMP', 'timestamp', 'date', 'time', 'ts');
    fc.assert(fc.property(fc.dictionary(keys, value), (o) => checkResult(JSON.stringify(o))), { numRuns: 3000 });
  });
});

/** The reference: decode everything at once, split, strip CR, drop empties and lines over the limit. */
function reference(bytes: Uint8Array, max: number): { lines: string[]; drops: number } {
  const lines: string[] = [];
  let drops = 0;
  for (const raw of Buffer.from(bytes).toString('utf8').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    if (Buffer.byteLength(line) > max) drops++;
    else lines.push(line);
  }
  return { lines, drops };
}

async function viaStream(bytes: Uint8Array, cuts: number[], max: number): Promise<{ lines: string[]; drops: number }> {
  let drops = 0;
  const lines: string[] = [];
  const s = splitLines({ maxLineBytes: max, onDrop: () => drops++ });
  s.on('data', (l: string) => lines.push(l));
  const done = new Promise<void>((resolve) => s.on('end', resolve));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of points) {
    s.write(Buffer.from(bytes.subarray(from, p)));
    from = p;
  }
  s.write(Buffer.from(bytes.subarray(from)));
  s.end();
  await done;
  return { lines, drops };
}

describe('splitLines matches a whole-buffer reference', () => {
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x0d, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x61));
  test('random bytes, random chunking, small and large limits', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.array(byte, { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 12 }),
      fc.constantFrom(4, 8, 16, 1000), async (a, b, cuts, max) => {
        const bytes = Uint8Array.from([...a, ...b]);
        expect(await viaStream(bytes, cuts, max)).toEqual(reference(bytes, max));
      }), { numRuns: 1500 });
  });
});
