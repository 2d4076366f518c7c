/**
 * state-file: atomic writes (no temp file left, mode 0600), a missing file is a fresh start, and a corrupt,
 * foreign or future file is reported, moved aside to PATH.bad and replaced by an empty start — never a crash.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readStateFile, serialize, writeStateFile } from '../../src/sinks/state-file.js';
import { VERSION } from '../../src/correlate/snapshot.js';

const exec = promisify(execFile);
const CLI = new URL('../../dist/main.js', import.meta.url).pathname;
const SAMPLE = new URL('../../examples/sample.log', import.meta.url).pathname;
const empty = { tracker: { lifecycles: [], connects: [], hops: [], notices: [], watermarks: [], nowUs: 0 }, pending: [], extra: { alerts: { firing: 1 } } };

describe('state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtatrace-state-'));

  it('writes atomically with mode 0600 and reads back what it wrote', () => {
    const path = join(dir, 'ok.json');
    const bytes = writeStateFile(path, serialize(empty));
    expect(bytes).toBe(readFileSync(path).length);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readStateFile(path)).toEqual({ snapshot: empty });
    expect(readStateFile(join(dir, 'missing.json'))).toEqual({});
  });

  for (const [name, content, why] of [
    ['garbage', '\u0000\u00ff{{{', /not valid JSON/],
    ['truncated', serialize(empty).slice(0, 40), /not valid JSON/],
    ['foreign', '{"some":"other program"}', /not an mtatrace state file/],
    ['future', serialize(empty).replace(`"version":${VERSION}`, '"version":7'), /version 7 is not supported/],
  ] as const) {
    it(`a ${name} file is reported and moved aside; the CLI starts empty and runs`, async () => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, content);
      const loaded = readStateFile(path);
      expect(loaded.snapshot).toBeUndefined();
      expect(loaded.problem).toMatch(why);
      expect(readFileSync(`${path}.bad`, 'utf8')).toBe(content);
      writeFileSync(path, content);
      const r = await exec(process.execPath, [CLI, '--once', '--output', 'json', '--state-file', path, SAMPLE]);
      expect(r.stderr).toMatch(/ignoring state file .* starting empty/);
      expect(r.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(30);
      expect(readStateFile(path).snapshot).toBeDefined();
    }, 30_000);
  }
});
