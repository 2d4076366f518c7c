/**
 * flags — every `mtatrace --flag` that a recipe or doc tells users to type is an option in src/config.ts.
 *
 *   postfix start-fg | mtatrace --state-file /var/lib/mtatrace/state.json     → `state-file` must exist
 *
 * Limits: looks at the words after `mtatrace` up to a pipe, parenthesis or quote on the same line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/config.js';

const ROOT = join(import.meta.dirname, '..', '..');
const files = ['collector-config', 'examples', 'docs']
  .flatMap((d) => readdirSync(join(ROOT, d), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name)))
  .filter(existsSync);
const KNOWN = new Set<string>(OPTIONS.map((o) => o.flag));

function flagsAfterMtatrace(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s/`])mtatrace\s+([^|)'"`\n]*)/gm)) {
    for (const f of m[1].matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)) out.push(f[1]);
  }
  return out;
}

describe('flags in recipes and docs', () => {
  it('finds flags where they are', () => {
    expect(flagsAfterMtatrace('journalctl --follow | mtatrace --state-file /x --once "--no"')).toEqual(['state-file', 'once']);
  });

  it.each(files.map((f) => relative(ROOT, f)))('%s uses only options mtatrace has', (f) => {
    for (const flag of flagsAfterMtatrace(readFileSync(join(ROOT, f), 'utf8'))) expect(KNOWN, `--${flag} in ${f}`).toContain(flag);
  });
});
