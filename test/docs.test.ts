import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS, helpText, optionsMarkdown, parseArgs, ConfigError } from '../src/config.js';
import { schemaMarkdown } from '../src/otel/schema.js';

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('generated docs stay true (run `npm run docs` to regenerate)', () => {
  it('docs/schema.md is the rendering of src/otel/semconv.ts', () => {
    expect(read('docs/schema.md')).toBe(schemaMarkdown());
  });

  it('the README options table is the rendering of src/config.ts OPTIONS', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('<!-- options:begin -->') + '<!-- options:begin -->'.length, readme.indexOf('<!-- options:end -->')).trim();
    expect(table).toBe(optionsMarkdown());
  });

  it('--help lists every option once', () => {
    const help = helpText();
    for (const o of OPTIONS) expect(help.split(`--${o.flag}`).length - 1, o.flag).toBeGreaterThanOrEqual(1);
  });
});

describe('parseArgs', () => {
  it('reads flags, =values, env fallbacks and positional files', () => {
    const c = parseArgs(['--once', '--output=json', 'a.log', '-', '--max-line-bytes', '100'], { MTATRACE_TRACE_KEY: 'queue-id' });
    expect(c).toMatchObject({ once: true, output: 'json', files: ['a.log', '-'], maxLineBytes: 100, traceKey: 'queue-id' });
  });

  it('names the problem in errors', () => {
    expect(() => parseArgs(['--outptu', 'json'])).toThrow(/unknown option '--outptu'/);
    expect(() => parseArgs(['--output', 'xml'])).toThrow(/--output: expected one of auto, text, json, otlp, got 'xml'/);
    expect(() => parseArgs(['--max-line-bytes', 'lots'])).toThrow(ConfigError);
    expect(() => parseArgs(['--timezone'])).toThrow(/--timezone needs a value/);
    expect(() => parseArgs([], { MTATRACE_OUTPUT: 'yaml' })).toThrow(/\$MTATRACE_OUTPUT/);
  });
});
