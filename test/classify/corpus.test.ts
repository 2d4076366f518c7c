/**
 * corpus.test — the labelled corpus (test/fixtures/causes/corpus.tsv) through the real input and parse stages
 * and the classifier. Prints per-class precision and recall and fails below 95 % overall agreement.
 * `none` is the label for lines that report no failure (no verdict expected).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/classify/causes.js';
import { isClassifiable } from '../../src/classify/check-examples.js';
import { Classifier } from '../../src/classify/classify.js';
import { parseLine } from './parse-line.js';

interface Row { expected: string; source: string; line: string; got: string; rule: string }

const FILE = fileURLToPath(new URL('../fixtures/causes/corpus.tsv', import.meta.url));
const LABELS = new Set([...CAUSES.map((c) => c.id as string), 'none']);

function load(): Row[] {
  const classifier = new Classifier();
  return readFileSync(FILE, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [expected, source, line] = l.split('\t');
    const parsed = parseLine(line);
    const v = isClassifiable(parsed) ? classifier.classify(parsed) : undefined;
    return { expected, source, line, got: v ? v.cause : 'none', rule: v ? v.rule : '-' };
  });
}

function table(rows: Row[]): string {
  const labels = [...new Set(rows.flatMap((r) => [r.expected, r.got]))].sort();
  const out = ['class                   n    precision  recall'];
  for (const c of labels) {
    const tp = rows.filter((r) => r.expected === c && r.got === c).length;
    const predicted = rows.filter((r) => r.got === c).length;
    const actual = rows.filter((r) => r.expected === c).length;
    const p = predicted ? (100 * tp) / predicted : NaN;
    const rc = actual ? (100 * tp) / actual : NaN;
    out.push(`${c.padEnd(22)} ${String(actual).padStart(3)}    ${p.toFixed(1).padStart(6)}   ${rc.toFixed(1).padStart(6)}`);
  }
  return out.join('\n');
}

describe('labelled corpus', () => {
  const rows = load();

  it('has at least 300 lines, each with a known label and a source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const r of rows) {
      expect(LABELS.has(r.expected), r.expected).toBe(true);
      expect(r.source.trim()).not.toBe('');
    }
  });

  it('uses both timestamp formats and every delivery agent', () => {
    expect(rows.some((r) => /^[A-Z][a-z]{2} [ \d]\d /.test(r.line))).toBe(true);
    expect(rows.some((r) => /^\d{4}-\d\d-\d\dT/.test(r.line))).toBe(true);
    for (const p of ['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error', 'smtpd', 'postscreen', 'cleanup', 'qmgr']) {
      expect(rows.some((r) => r.line.includes(`/${p}[`)), p).toBe(true);
    }
  });

  it('agrees with the labels on at least 95 % of lines', () => {
    const agree = rows.filter((r) => r.expected === r.got).length;
    const misses = rows.filter((r) => r.expected !== r.got)
      .map((r) => `  expected ${r.expected}, got ${r.got} (${r.rule}) — ${r.source}`);
    const held = rows.filter((r) => r.source.startsWith('held-out'));
    const heldAgree = held.filter((r) => r.expected === r.got).length;
    console.log(`${table(rows)}\noverall agreement: ${agree}/${rows.length} = ${((100 * agree) / rows.length).toFixed(1)} %` +
      `\nheld-out (real lines from public issues): ${heldAgree}/${held.length}${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`);
    expect(agree / rows.length).toBeGreaterThanOrEqual(0.95);
    expect(heldAgree / held.length).toBeGreaterThanOrEqual(0.9);
  });
});
