/**
 * load-rules.test — user rules files: YAML and JSON load into the built-in schema; every error names the file,
 * the rule and the field; `--check-rules` runs the examples and reports a table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRules, loadRulesFile, RulesError } from '../../src/classify/load-rules.js';
import { parseLine } from './parse-line.js';

const dir = mkdtempSync(join(tmpdir(), 'mtatrace-rules-'));
let n = 0;
function file(content: string, ext = 'yaml'): string {
  const p = join(dir, `rules-${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
}

const RETIRED_LINE = 'Nov 27 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<a@acme.example>, relay=mx.acme.example[192.0.2.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mx.acme.example[192.0.2.7] said: 550 mailbox has been retired (in reply to RCPT TO command))';
const GOOD_YAML = `
- id: acme-mailbox-retired
  cause: invalid_recipient
  when:
    code: 550
    text: mailbox has been retired
  examples:
    - "${RETIRED_LINE}"
  note: ACME's wording for a deleted account
`;

describe('loadRulesFile', () => {
  it('reads YAML, accepting a single value where a list is expected', () => {
    expect(loadRulesFile(file(GOOD_YAML))).toEqual([{
      id: 'acme-mailbox-retired', cause: 'invalid_recipient',
      when: { code: [550], text: ['mailbox has been retired'] },
      examples: [RETIRED_LINE], note: "ACME's wording for a deleted account",
    }]);
  });

  it('reads JSON, as a list or as { rules: [...] }', () => {
    const rule = { id: 'acme-x', cause: 'rate_limited', when: { dsn: ['4.7.'], pattern: 'slow\\s+down' }, examples: ['x'] };
    expect(loadRulesFile(file(JSON.stringify([rule]), 'json'))[0].when).toEqual({ dsn: ['4.7.'], pattern: 'slow\\s+down' });
    expect(loadRulesFile(file(JSON.stringify({ rules: [rule] }), 'json'))).toHaveLength(1);
  });

  it.each([
    ['unknown cause', '- {id: a-rule, cause: mailbox_ful, when: {text: [x]}, examples: [x]}', 'rule "a-rule": cause: unknown cause "mailbox_ful"'],
    ['missing examples', '- {id: a-rule, cause: mailbox_full, when: {text: [x]}}', 'rule "a-rule": examples:'],
    ['bad reply code', '- {id: a-rule, cause: mailbox_full, when: {code: 5xx}, examples: [x]}', 'rule "a-rule": when.code: expected SMTP reply codes'],
    ['bad regex', '- {id: a-rule, cause: mailbox_full, when: {pattern: "a("}, examples: [x]}', 'rule "a-rule": when.pattern: invalid regular expression'],
    ['misspelt condition', '- {id: a-rule, cause: mailbox_full, when: {texts: [x]}, examples: [x]}', 'rule "a-rule": when.texts: unknown condition'],
    ['bad status', '- {id: a-rule, cause: mailbox_full, when: {status: [failed]}, examples: [x]}', 'rule "a-rule": when.status: expected one of'],
    ['bad dsn', '- {id: a-rule, cause: mailbox_full, when: {dsn: ["5-2-2"]}, examples: [x]}', 'rule "a-rule": when.dsn:'],
    ['empty when', '- {id: a-rule, cause: mailbox_full, when: {}, examples: [x]}', 'rule "a-rule": when: expected at least one condition'],
    ['duplicate id', '- {id: a-rule, cause: mailbox_full, when: {text: [x]}, examples: [x]}\n- {id: a-rule, cause: mailbox_full, when: {text: [y]}, examples: [y]}', 'rule "a-rule": id: duplicate'],
    ['missing id', '- {id: a-rule, cause: mailbox_full, when: {text: [x]}, examples: [x]}\n- {cause: mailbox_full, when: {text: [y]}, examples: [y]}', 'rule #2: id: expected a kebab-case id'],
    ['not a list', 'id: a-rule', 'file: rules: expected a list of rules'],
  ])('%s: the error names the file, the rule and the field', (_name, yaml, message) => {
    const path = file(yaml);
    expect(() => loadRulesFile(path)).toThrow(RulesError);
    expect(() => loadRulesFile(path)).toThrow(`${path}: ${message}`);
  });

  it('names the file when it cannot be read or parsed', () => {
    expect(() => loadRulesFile(join(dir, 'missing.yaml'))).toThrow(`${join(dir, 'missing.yaml')}: cannot read: ENOENT`);
    const bad = file('{ "rules": [', 'json');
    expect(() => loadRulesFile(bad)).toThrow(`${bad}: not valid JSON`);
  });
});

describe('checkRules (--check-rules)', () => {
  it('passes when every example classifies to its own rule, and prints a table', () => {
    const r = checkRules(file(GOOD_YAML), parseLine);
    expect(r.ok).toBe(true);
    expect(r.table).toMatch(/acme-mailbox-retired\s+1\s+ok/);
    expect(r.table).toContain('1 example(s), 0 failed');
  });

  it('fails and says what happened instead when an example does not reach its rule', () => {
    const yaml = `${GOOD_YAML}
- id: acme-never
  cause: mailbox_full
  when: { text: [nothing like this] }
  examples:
    - "${RETIRED_LINE}"
    - "Nov 27 10:00:00 mx1 postfix/qmgr[9]: 4B7C21A0F3: removed"
`;
    const r = checkRules(file(yaml), parseLine);
    expect(r.ok).toBe(false);
    expect(r.table).toMatch(/acme-never\s+1\s+FAIL got acme-mailbox-retired \(invalid_recipient\)/);
    expect(r.table).toMatch(/acme-never\s+2\s+FAIL not a failure line \(parsed as qmgr.removed\)/);
  });

  it('reports an invalid file as a failure instead of throwing', () => {
    const path = file('- {id: a-rule, cause: nope, when: {text: [x]}, examples: [x]}');
    expect(checkRules(path, parseLine)).toEqual({ ok: false, table: `FAIL ${path}: rule "a-rule": cause: unknown cause "nope" (see src/classify/causes.ts)` });
  });
});

describe('the example rules file shipped with the tests', () => {
  it('passes --check-rules', () => {
    const path = fileURLToPath(new URL('../fixtures/causes/user-rules.example.yaml', import.meta.url));
    const r = checkRules(path, parseLine);
    expect(r.table).toContain('2 example(s), 0 failed');
    expect(r.ok).toBe(true);
  });
});

describe('reserved ids', () => {
  it.each(['user-unknown-en', 'no-match', 'dsn-x.7'])('refuses a user rule named %s', (id) => {
    const path = file(`- {id: ${id}, cause: mailbox_full, when: {text: [x]}, examples: [x]}`);
    expect(() => loadRulesFile(path)).toThrow(`${path}: rule "${id}": id: "${id}" is a built-in rule id`);
  });
});
