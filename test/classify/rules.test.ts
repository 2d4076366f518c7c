/**
 * rules.test — the built-in table tests itself: every example classifies to its own rule (so a rule shadowed
 * by an earlier one fails here, naming the rule that took it), ids are unique, and every cause has a rule.
 */
import { describe, expect, it } from 'vitest';
import { CAUSES, type CauseId } from '../../src/classify/causes.js';
import { checkExamples } from '../../src/classify/check-examples.js';
import { Classifier } from '../../src/classify/classify.js';
import { RULES } from '../../src/classify/rules.js';
import { compilePattern } from '../../src/classify/rule.js';
import { parseLine } from './parse-line.js';

describe('built-in rules', () => {
  const classifier = new Classifier();

  it('classify each example to the rule that carries it', () => {
    const failures = checkExamples(RULES, parseLine, classifier).filter((r) => !r.ok);
    expect(failures).toEqual([]);
  });

  it('have unique kebab-case ids and at least one example each', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(r.examples.length).toBeGreaterThan(0);
    }
  });

  it('cover every cause except unknown', () => {
    const used = new Set<CauseId>(RULES.map((r) => r.cause));
    const missing = CAUSES.map((c) => c.id).filter((id) => id !== 'unknown' && !used.has(id));
    expect(missing).toEqual([]);
  });

  it('use only valid regular expressions and lower-case-insensitive fragments', () => {
    for (const r of RULES) {
      if (r.when.pattern !== undefined) expect(() => compilePattern(r.when.pattern as string)).not.toThrow(); // RE2: linear time
      for (const t of r.when.text ?? []) expect(t.trim()).not.toBe('');
    }
  });
});

describe('CAUSES', () => {
  it('describe each cause once, with a one-line description and a full hint', () => {
    const ids = CAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(19);
    for (const c of CAUSES) {
      expect(c.description).not.toContain('\n');
      expect(c.hint.diagnosis && c.hint.fix && c.hint.why).toBeTruthy();
    }
  });
});
