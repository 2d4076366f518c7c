/**
 * golden — what a log becomes, in the manner of mtail's golden tests: each log below is run through the built
 * CLI (`--once`, as an operator would) and its NDJSON and text report are compared byte for byte with the
 * `.ndjson.golden` and `.txt.golden` files beside it.
 *
 *   examples/sample.log  →  examples/sample.ndjson.golden, examples/sample.txt.golden
 *
 * After an intended change of the output, regenerate them and review the diff like code:
 *   npm run build && UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts && git diff -- '*.golden'
 * The logs under test/golden/ are written for these tests in the shapes of real Postfix logs (RFC 3339 with a
 * content-filter hop over ::1, RFC 3164 with NOQUEUE, NDR, hold/release, local forward and postsuper -d,
 * journald JSON with greylisting, a DNS bounce and a message still queued at end of input; checks.log with the
 * verdicts and stores of OpenDKIM, OpenDMARC, policyd-spf, amavis and Dovecot beside them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;
const CLI = `${ROOT}dist/main.js`;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The logs, relative to the repository; RFC 3164 stamps carry no year and no zone, so both are given. */
const LOGS = ['examples/sample.log', 'test/golden/filter-hop.log', 'test/golden/bounces-and-policy.log', 'test/golden/journal-submission.ndjson', 'test/golden/checks.log'];
const OUTPUTS = [['json', 'ndjson'], ['text', 'txt']] as const;

function render(log: string, output: string): string {
  return execFileSync(process.execPath, [CLI, '--once', '--output', output, '--timezone', 'UTC', '--year', '2026', `${ROOT}${log}`], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('golden outputs', () => {
  for (const log of LOGS) {
    for (const [output, ext] of OUTPUTS) {
      const golden = `${log.replace(/\.[a-z]+$/, '')}.${ext}.golden`;
      it(`${log} --output ${output} is ${golden}`, () => {
        const got = render(log, output);
        expect(got.length).toBeGreaterThan(0);
        if (UPDATE) writeFileSync(`${ROOT}${golden}`, got);
        expect(existsSync(`${ROOT}${golden}`), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe(true);
        expect(got).toBe(readFileSync(`${ROOT}${golden}`, 'utf8'));
      });
    }
  }
});
