import { describe, expect, test } from 'vitest';
import { splitLines } from '../../src/input/lines.js';

/** Feeds chunks to a fresh splitter; returns the lines and the drop count. */
async function run(chunks: (Buffer | string)[], maxLineBytes = 65536): Promise<{ lines: string[]; drops: number }> {
  let drops = 0;
  const lines: string[] = [];
  const s = splitLines({ maxLineBytes, onDrop: (reason) => { expect(reason).toBe('too_long'); drops++; } });
  s.on('data', (l: string) => lines.push(l));
  const done = new Promise<void>((resolve, reject) => { s.on('end', resolve); s.on('error', reject); });
  for (const c of chunks) s.write(c);
  s.end();
  await done;
  return { lines, drops };
}

const SAMPLE = Buffer.from(
  'Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<jörg@exämple.net>, status=sent (250 2.0.0 Ok 👍)\r\n' +
  '\n' +
  '2026-11-27T16:23:01.123456+00:00 mx1 postfix/qmgr[2]: 4B7C21A0F3: removed\n' +
  'こんにちは €uro\n' +
  'last line without newline ✓',
  'utf8',
);
const EXPECTED = [
  'Nov  7 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<jörg@exämple.net>, status=sent (250 2.0.0 Ok 👍)',
  '2026-11-27T16:23:01.123456+00:00 mx1 postfix/qmgr[2]: 4B7C21A0F3: removed',
  'こんにちは €uro',
  'last line without newline ✓',
];

describe('splitLines', () => {
  test('one chunk: CRLF stripped, empty lines skipped, last partial line flushed', async () => {
    expect((await run([SAMPLE])).lines).toEqual(EXPECTED);
  });

  test('a split at every byte offset (inside multi-byte characters too) gives the same lines', async () => {
    for (let at = 0; at <= SAMPLE.length; at++) {
      const { lines, drops } = await run([SAMPLE.subarray(0, at), SAMPLE.subarray(at)]);
      expect(lines, `split at ${at}`).toEqual(EXPECTED);
      expect(drops).toBe(0);
    }
  });

  test('one byte per chunk gives the same lines', async () => {
    const chunks = [...SAMPLE].map((b) => Buffer.from([b]));
    expect((await run(chunks)).lines).toEqual(EXPECTED);
  });

  test('a CR split from its LF and a trailing CR at end of input', async () => {
    expect((await run(['a\r', '\nb\r'])).lines).toEqual(['a', 'b']);
  });

  test('invalid UTF-8 becomes U+FFFD and NUL bytes pass through, without an error', async () => {
    const bytes = Buffer.concat([Buffer.from('bad '), Buffer.from([0xff, 0xc3]), Buffer.from('\nnul '), Buffer.from([0, 0x41, 0x0a])]);
    const { lines } = await run([bytes]);
    expect(lines).toEqual(['bad \uFFFD\uFFFD', 'nul \u0000A']);
  });

  test('a truncated multi-byte character at end of input becomes U+FFFD', async () => {
    expect((await run([Buffer.from([0x61, 0xe2, 0x82])])).lines).toEqual(['a\uFFFD']);
  });

  test('a 1 MiB line (64 KiB limit) in 16 KiB chunks is dropped once; its neighbours survive', async () => {
    const big = Buffer.concat([Buffer.from('before\n'), Buffer.alloc(1 << 20, 'x'), Buffer.from('\nafter\n')]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 16384) chunks.push(big.subarray(i, i + 16384));
    const { lines, drops } = await run(chunks);
    expect(lines).toEqual(['before', 'after']);
    expect(drops).toBe(1);
  });

  test('a long line that arrives inside one chunk is dropped too', async () => {
    const { lines, drops } = await run([`a\n${'y'.repeat(100)}\nb\n`], 64);
    expect(lines).toEqual(['a', 'b']);
    expect(drops).toBe(1);
  });

  test('two over-long lines in a row are two drops; an over-long last line is one drop', async () => {
    const x = 'x'.repeat(50);
    const { lines, drops } = await run([x, x, '\n', x, x, '\nok\n', x, x, x], 64);
    expect(lines).toEqual(['ok']);
    expect(drops).toBe(3);
  });

  test('the limit is in bytes: 30 three-byte characters exceed 64 bytes', async () => {
    const { lines, drops } = await run([`${'€'.repeat(30)}\n${'€'.repeat(21)}\n`], 64);
    expect(lines).toEqual(['€'.repeat(21)]);
    expect(drops).toBe(1);
  });

  test('a line of exactly the limit is kept', async () => {
    expect((await run([`${'z'.repeat(64)}\n`], 64)).lines).toEqual(['z'.repeat(64)]);
  });

  test('a 100 MiB line streamed through keeps memory bounded', async () => {
    const chunk = Buffer.alloc(1 << 20, 'q');
    let drops = 0;
    const lines: string[] = [];
    const s = splitLines({ maxLineBytes: 65536, onDrop: () => drops++ });
    s.on('data', (l: string) => lines.push(l));
    const done = new Promise<void>((resolve) => s.on('end', resolve));
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    s.write('first\n');
    for (let i = 0; i < 100; i++) {
      s.write(chunk);
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    s.write('\nlast\n');
    s.end();
    await done;
    expect(lines).toEqual(['first', 'last']);
    expect(drops).toBe(1);
    expect(peak).toBeLessThan(50 * (1 << 20));
  });
});
