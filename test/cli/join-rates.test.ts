/**
 * join-rates.test — scripts/join-rates.mjs, the measurement behind issue 16's "≥ 95 % of verdicts join their
 * message": the built CLI's NDJSON for test/golden/checks.log gives the per-program figures the log's
 * shapes call for (one OpenDMARC verdict names a queue id the log never shows), and an event moved to another
 * trace is counted as wrong, not joined.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const SCRIPT = new URL('../../scripts/join-rates.mjs', import.meta.url).pathname;
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const LOG = new URL('../golden/checks.log', import.meta.url).pathname;

interface Rate { total: number; joined: number; wrong: number; rate: number }
const { joinRates } = (await import(SCRIPT)) as { joinRates: (log: string[], out: string[]) => Record<string, Rate> };

describe('join-rates', () => {
  it('measures the built CLI\'s output per program', async () => {
    const { stdout } = await exec(process.execPath, [SCRIPT, '--json', LOG]);
    const rates = JSON.parse(stdout) as Record<string, Rate>;
    expect(rates).toEqual({
      opendkim: { total: 3, joined: 3, wrong: 0, rate: 1 },
      opendmarc: { total: 3, joined: 2, wrong: 0, rate: 2 / 3 },
      'policyd-spf': { total: 2, joined: 2, wrong: 0, rate: 1 },
      amavis: { total: 1, joined: 1, wrong: 0, rate: 1 },
      dovecot: { total: 1, joined: 1, wrong: 0, rate: 1 },
    });
  });

  it('counts an event on another message\'s trace as wrong, and one with another queue id as not joined', async () => {
    const { stdout } = await exec(process.execPath, [CLI, '--output', 'json', LOG]);
    const log = readFileSync(LOG, 'utf8').split('\n');
    const out = stdout.split('\n').filter(Boolean);
    const other = (JSON.parse(out.find((l) => l.includes('"mta.queue_id":"3C4D5E6F7A"')) as string) as { trace_id: string }).trace_id;
    const moved = out.map((l) => (l.includes('"mta.check.program":"amavis"') ? l.replace(/"trace_id":"[0-9a-f]+"/, `"trace_id":"${other}"`) : l));
    expect(joinRates(log, moved).amavis).toMatchObject({ joined: 0, wrong: 1 });
    const renamed = out.map((l) => (l.includes('"mta.check.program":"opendkim"') && l.includes('1A2B3C4D5E') ? l.replace('"mta.queue_id":"1A2B3C4D5E"', '"mta.queue_id":"3C4D5E6F7A"').replace(/"trace_id":"[0-9a-f]+"/, `"trace_id":"${other}"`) : l));
    expect(joinRates(log, renamed).opendkim).toMatchObject({ total: 3, joined: 2 });
  });
});
