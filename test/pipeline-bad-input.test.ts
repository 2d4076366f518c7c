/**
 * Bad input through the whole pipeline (in process, NDJSON output): real lines truncated at every byte, bytes
 * flipped, NUL bytes, invalid UTF-8, fields duplicated, JSON that is not an object, 1 MiB lines, clocks going
 * backwards, New Year; lines duplicated (rsyslog retries) or reordered (journald). Never a crash, every line
 * accounted for (lines = parsed + ignored + unparsed + rejected), and copies or reorders change nothing.
 */
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/config.js';
import { run } from '../src/pipeline.js';

const read = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');
const SAMPLE = read('../examples/sample.log').split('\n').filter(Boolean);
const REAL = ['postfix-rsyslog-rfc3164.log', 'postfix-rsyslog-rfc3339.log', 'postfix-maillog-long-ids.log', 'postfix-omprog.ndjson']
  .flatMap((f) => read(`./fixtures/real/${f}`).split('\n').filter(Boolean));
const CORPUS = [...SAMPLE, ...REAL];
const FIGURES = { linesFuzzed: 0 };
afterAll(() => { console.log(`bad input: ${FIGURES.linesFuzzed} lines through the pipeline`); });

interface Result { stdout: string; stderr: string; code: number; counts: { lines: number; accounted: number } }

async function pipe(input: Buffer | string, args: string[] = []): Promise<Result> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => { out += c.toString(); });
  stderr.on('data', (c: Buffer) => { err += c.toString(); });
  const config = parseArgs(['--once', '--output', 'json', '--timezone', 'UTC', ...args], {});
  const code = await run(config, { stdin: Readable.from([Buffer.from(input)]), stdout, stderr, env: {} });
  const m = /mtatrace: (\d+) lines: (\d+) parsed, (\d+) ignored, (\d+) unparsed(?:, rejected ([^;]*))?;/.exec(err);
  if (!m) throw new Error(`no summary line in: ${err}`);
  const rejected = (m[5] ?? '').split(' ').filter(Boolean).reduce((n, kv) => n + Number(kv.split('=')[1]), 0);
  FIGURES.linesFuzzed += Number(m[1]);
  return { stdout: out, stderr: err, code, counts: { lines: Number(m[1]), accounted: Number(m[2]) + Number(m[3]) + Number(m[4]) + rejected } };
}

/** Lines the splitter hands on: non-empty after dropping a trailing CR. */
const nonEmpty = (text: string): number => text.split('\n').filter((l) => l.replace(/\r$/, '') !== '').length;

function expectSound(r: Result, fed?: number): void {
  expect(r.code).toBe(0);
  expect(r.counts.accounted).toBe(r.counts.lines);
  if (fed !== undefined) expect(r.counts.lines).toBe(fed);
  for (const l of r.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
}

describe('bad input', () => {
  it('every real line truncated at every byte: no crash, every line counted', async () => {
    const cut: Buffer[] = [];
    for (const line of CORPUS) {
      const b = Buffer.from(line);
      for (let i = 1; i <= b.length; i++) cut.push(b.subarray(0, i), Buffer.from('\n'));
    }
    const input = Buffer.concat(cut);
    const r = await pipe(input);
    expectSound(r, nonEmpty(input.toString('utf8')));
    expect(r.counts.lines).toBeGreaterThan(20_000);
  }, 120_000);

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('nul' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('bad-utf8' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('dup-field' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue() }),
  );
  const mutate = (line: string, m: fc.RecordValue<{ kind: string; at?: number; byte?: number; value?: unknown }>): Buffer => {
    const b = Buffer.from(line);
    const at = (m.at ?? 0) % Math.max(1, b.length);
    switch (m.kind) {
      case 'flip': { const c = Buffer.from(b); c[at] = m.byte as number; return c; }
      case 'nul': return Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]);
      case 'bad-utf8': return Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), b.subarray(at)]);
      case 'dup-field': {
        const fields = line.split(', ');
        const i = at % fields.length;
        return Buffer.from([...fields.slice(0, i + 1), fields[i], ...fields.slice(i + 1)].join(', '));
      }
      default: return Buffer.from(JSON.stringify(m.value));
    }
  };

  it('mutated real lines (flipped bytes, NUL, invalid UTF-8, duplicated fields, JSON that is not an object): never a crash', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: CORPUS.length - 1 }), fc.option(mutation, { nil: undefined })), { minLength: 1, maxLength: 60 }),
      async (picks) => {
        const input = Buffer.concat(picks.flatMap(([i, m]) => [m ? mutate(CORPUS[i], m) : Buffer.from(CORPUS[i]), Buffer.from('\n')]));
        expectSound(await pipe(input), nonEmpty(input.toString('utf8')));
      },
    ), { numRuns: 150 });
  }, 180_000);

  it('1 MiB lines: counted as too_long by default, parsed without trouble when allowed', async () => {
    const huge = `2026-11-26T10:00:00.000000+00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<${'a'.repeat(1 << 20)}@example.net>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (x)`;
    const json = `{"MESSAGE":"${'\\u0000'.repeat(1 << 18)}"}`;
    const r = await pipe(`${huge}\n${json}\n${SAMPLE.join('\n')}\n`);
    expectSound(r, SAMPLE.length + 2);
    expect(r.stderr).toMatch(/too_long=2/);
    expectSound(await pipe(`${huge}\n`, ['--max-line-bytes', String(2 << 20), '--redact', 'domain']), 1);
  }, 60_000);

  it('clock going backwards and New Year without a year in the stamp: no crash, all counted', async () => {
    const lines = [
      'Dec 31 23:59:58 mx1 postfix/qmgr[2]: AAAA11111A: from=<a@b.example>, size=1, nrcpt=1 (queue active)',
      'Jan  1 00:00:01 mx1 postfix/smtp[3]: AAAA11111A: to=<c@d.example>, relay=none, delay=3, delays=0/0/3/0, dsn=4.4.1, status=deferred (connect to d.example[192.0.2.1]:25: Connection refused)',
      'Dec 31 23:00:00 mx1 postfix/smtp[3]: AAAA11111A: to=<c@d.example>, relay=none, delay=3, delays=0/0/3/0, dsn=4.4.1, status=deferred (clock went back)',
      'Jan  1 00:10:00 mx1 postfix/smtp[3]: AAAA11111A: to=<c@d.example>, relay=d.example[192.0.2.1]:25, delay=600, delays=0/0/1/1, dsn=2.0.0, status=sent (250 ok)',
      'Jan  1 00:10:01 mx1 postfix/qmgr[2]: AAAA11111A: removed',
    ];
    for (const args of [[], ['--reorder-window', '0']]) {
      const r = await pipe(`${lines.join('\n')}\n`, args);
      expectSound(r, lines.length);
      expect(r.stdout).toContain('"mta.status":"delivered"');
    }
  });
});

describe('copies and reorders change nothing', () => {
  const reference = pipe(`${SAMPLE.join('\n')}\n`);

  it('every line twice (rsyslog retries): the same events, no second attempt', async () => {
    const r = await pipe(`${SAMPLE.flatMap((l) => [l, l]).join('\n')}\n`);
    expect(r.stdout).toBe((await reference).stdout);
    expect(r.stderr).toMatch(/66 duplicate/); // 65 Postfix lines and Dovecot's store; the other 3 lines of other programs are chatter
  });

  it('a resent block of lines (retry after a restart of the program): the same events', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: SAMPLE.length - 1 }), fc.integer({ min: 1, max: 8 }), async (at, back) => {
      const lines = [...SAMPLE.slice(0, at), ...SAMPLE.slice(Math.max(0, at - back))];
      expect((await pipe(`${lines.join('\n')}\n`)).stdout).toBe((await reference).stdout);
    }), { numRuns: 25 });
  }, 120_000);

  it('neighbours swapped within the reorder window (journald): the same events', async () => {
    const time = (l: string): number => Date.parse(l.slice(0, 32));
    const swappable = SAMPLE.map((_, i) => i).filter((i) => i + 1 < SAMPLE.length && time(SAMPLE[i + 1]) - time(SAMPLE[i]) > 0 && time(SAMPLE[i + 1]) - time(SAMPLE[i]) < 400);
    expect(swappable.length).toBeGreaterThan(5);
    const lines = [...SAMPLE];
    for (const i of swappable.filter((_, k) => k % 2 === 0)) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
    expect(lines).not.toEqual(SAMPLE);
    expect((await pipe(`${lines.join('\n')}\n`)).stdout).toBe((await reference).stdout);
  });
});
