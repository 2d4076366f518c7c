/**
 * fixtures.test — the one table-driven runner for test/fixtures/parse/<program>.yaml.
 *
 * Each case is `{ name, line, expect }`: `line` is `tag[pid]: text` as syslog writes it after the host
 * (`postfix/smtp[4242]: 4B7C21A0F3: to=<…>`), `expect` is matched as a subset of the ParseResult
 * (`null` in YAML means "this field is absent"). Events also get their envelope checked against the line.
 * A second block cuts every fixture line at every character and asserts that no parser throws.
 *
 * Limits: input records are built here directly; the input stage (src/input) is tested on its own.
 */

import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/parse/index.js';
import { TIME_US, loadTables, record } from './fixture-tables.js';

/** YAML `null` → `undefined`, so `queueId: null` asserts the field is absent. */
function nullsToUndefined(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map(nullsToUndefined);
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, nullsToUndefined(x)]));
  }
  return v;
}

const TABLES = loadTables();

describe.each(TABLES)('$file', ({ cases }) => {
  it.each(cases)('$name', (c) => {
    const rec = record(c.line);
    const got = parseRecord(rec);
    // Absent fields (`null`) are asserted below; toMatchObject would demand the key itself.
    const present = Object.fromEntries(Object.entries(c.expect).filter(([, v]) => v !== null));
    expect(got).toMatchObject(nullsToUndefined(present) as Record<string, unknown>);
    for (const [k, v] of Object.entries(c.expect)) {
      if (v === null) expect(got, `${k} should be absent`).not.toHaveProperty(k, expect.anything());
    }
    if (got.kind !== 'ignored' && got.kind !== 'unparsed') {
      const slash = rec.tag.lastIndexOf('/');
      expect(got).toMatchObject({
        timeUs: TIME_US, host: 'mx1', pid: rec.pid, text: rec.text,
        // A program beside Postfix (`opendkim`, `dovecot`) has no `/`: its tag is both names.
        program: rec.tag.slice(slash + 1), syslogName: slash < 0 ? rec.tag : rec.tag.slice(0, slash),
      });
    }
  });
});

describe('fixture tables', () => {
  it('has one table per program of issue 2 and at least 3 cases in each', () => {
    const programs = ['smtpd', 'postscreen', 'pickup', 'cleanup', 'qmgr', 'smtp', 'local', 'error', 'bounce', 'postsuper', 'master'];
    for (const p of programs) {
      const t = TABLES.find((x) => x.file === `${p}.yaml`);
      expect(t, `${p}.yaml`).toBeDefined();
      expect(t?.cases.length ?? 0).toBeGreaterThanOrEqual(3);
    }
  });

  it('has one table per program beside Postfix (issue 16) and at least 3 cases in each', () => {
    const programs = ['opendkim', 'opendmarc', 'policyd-spf', 'amavis', 'dovecot', 'rspamd', 'spamd', 'clamav-milter', 'postgrey'];
    for (const p of programs) {
      const t = TABLES.find((x) => x.file === `${p}.yaml`);
      expect(t, `${p}.yaml`).toBeDefined();
      expect(t?.cases.length ?? 0).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('truncated lines', () => {
  it('never make a parser throw, whatever character the line is cut at', () => {
    let cuts = 0;
    for (const { cases } of TABLES) {
      for (const c of cases) {
        const rec = record(c.line);
        for (let n = 0; n <= rec.text.length; n++) {
          const got = parseRecord({ ...rec, text: rec.text.slice(0, n) });
          if (got.kind === 'unparsed') expect(got.reason, `${c.name} cut at ${n}`).not.toBe('parser error');
          cuts++;
        }
      }
    }
    expect(cuts).toBeGreaterThan(1000);
  });
});
