/**
 * option-ranges — a value outside an option's range is exit 2 with a message naming the option and the range,
 * before anything is read. Before this, `--export-queue 0` exited 0 mid-stream having exported 4 of 874 spans,
 * and `--max-inflight -5` turned the memory bound off. Every number option in src/config.ts has a range.
 */
import { describe, expect, it } from 'vitest';
import { OPTIONS, parseArgs, type OptionSpec } from '../../src/config.js';
import { runCli } from '../support/cli.js';

const LINE = '2026-11-26T10:00:01.000000+00:00 mx1 postfix/qmgr[9]: AAAAAA1111: removed\n';

describe('option values are range-checked', () => {
  it.each([
    ['--export-queue', '0', /--export-queue: expected an integer from 64 to 10000000, got '0'/],
    ['--export-queue', '1', /--export-queue: expected an integer from 64 /],
    ['--export-queue', '2', /--export-queue: expected an integer from 64 /],
    ['--export-queue', '-1', /--export-queue: expected an integer from 64 /],
    ['--max-inflight', '-5', /--max-inflight: expected an integer from 1 to 100000000, got '-5'/],
    ['--max-line-bytes', '0', /--max-line-bytes: expected an integer from 64 /],
    ['--year', '0', /--year: expected an integer from 1970 to 9999, got '0'/],
    ['--idle-timeout', '-1', /--idle-timeout: expected a number from 0 to /],
    ['--export-retry-max', '-3', /--export-retry-max: expected a number from 0 to /],
    ['--reorder-window', '-500', /--reorder-window: expected a number from 0 to 60000/],
    ['--checkpoint-interval', '-1', /--checkpoint-interval: expected a number from 0.1 to /],
    ['--queue-interval', '-60', /--queue-interval: expected a number from 1 to /],
    ['--close-timeout', '0', /--close-timeout: expected an integer from 100 to 600000, got '0'/],
    ['--close-timeout', '-4000', /--close-timeout: expected an integer from 100 /],
  ])('%s %s is refused with exit 2', async (flag, value, message) => {
    const r = await runCli(['--output', 'json', '--once', flag, value], LINE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('an environment variable out of range is refused the same way, naming the variable', async () => {
    const r = await runCli(['--output', 'json', '--once'], LINE, { env: { MTATRACE_MAX_INFLIGHT: '-5' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("$MTATRACE_MAX_INFLIGHT: expected an integer from 1 to 100000000, got '-5'");
  });

  it('every number option has a range that holds its default, and both ends are accepted', () => {
    for (const o of OPTIONS as readonly OptionSpec[]) {
      if (o.type !== 'number') continue;
      expect(o.min, o.flag).toBeTypeOf('number');
      expect(o.max, o.flag).toBeTypeOf('number');
      if (typeof o.default === 'number') expect(o.default >= (o.min as number) && o.default <= (o.max as number), o.flag).toBe(true);
      for (const v of [o.min, o.max]) expect(() => parseArgs([`--${o.flag}`, String(v)], {}), o.flag).not.toThrow();
    }
  });

  it('--help shows the range', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toMatch(/--export-queue SPANS\n.*64–10000000/);
  });
});
