/**
 * load-rules — read a user rules file (`--rules FILE`, YAML or JSON, the schema of rule.ts), validate every
 * field, and run each rule's examples for `--check-rules FILE`.
 *
 *   - id: acme-mailbox-gone
 *     cause: invalid_recipient
 *     when: { code: 550, text: ["mailbox has been retired"] }
 *     examples:
 *       - "Nov 27 10:00:00 mx1 postfix/smtp[1]: 4B7C21A0F3: to=<a@acme.example>, relay=mx.acme.example[192.0.2.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mx.acme.example[192.0.2.7] said: 550 mailbox has been retired (in reply to RCPT TO command))"
 *
 * Errors are thrown as RulesError and name the file, the rule id (or its position) and the field, e.g.
 * `rules.yaml: rule "acme-mailbox-gone": when.code: expected SMTP reply codes (e.g. 550), got "5xx"`.
 * A single value is accepted where a list is expected (`text: "foo"` = `text: ["foo"]`).
 *
 * Limits: the only I/O is reading the file; an unknown key is an error (catches typos such as `texts:`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ParseResult } from '../parse/postfix-events.js';
import { isCauseId } from './causes.js';
import { Classifier } from './classify.js';
import { compileRule, RULE_STATUSES, type Rule, type RuleStatus, type RuleWhen } from './rule.js';
import { checkExamples, formatCheckTable } from './check-examples.js';
import { RULES } from './rules.js';

/** The YAML parser is loaded only when a rules file is read (it costs start-up time otherwise). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as { parse: (t: string) => unknown }).parse(text);

/** A rules file could not be read or is invalid; the message names the file, the rule and the field. */
export class RulesError extends Error {
  override readonly name = 'RulesError';
}

const RULE_KEYS = new Set(['id', 'cause', 'when', 'examples', 'note']);
const WHEN_KEYS = new Set(['program', 'status', 'dsn', 'code', 'text', 'pattern']);
const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
/** Ids the engine emits itself or the built-in table uses: a user rule must not be mistaken for them. */
const RESERVED = new Set([...RULES.map((r) => r.id), 'qmgr-expired', 'no-match']);
const DSN_RE = /^(?:[245xX])(?:\.\d{1,3}(?:\.\d{1,3}|\.)?|\.)$/;

function fail(file: string, rule: string, field: string, msg: string): never {
  throw new RulesError(`${file}: ${rule}: ${field}: ${msg}`);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function strings(v: unknown, at: (field: string, msg: string) => never, field: string): string[] {
  const out = list(v);
  if (out.length === 0) at(field, 'expected at least one value');
  for (const s of out) if (typeof s !== 'string' || s === '') at(field, `expected non-empty strings, got ${JSON.stringify(s)}`);
  return out as string[];
}

function readWhen(raw: unknown, at: (field: string, msg: string) => never): RuleWhen {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) at('when', 'expected a mapping of conditions (program, status, dsn, code, text, pattern)');
  const w = raw as Record<string, unknown>;
  for (const k of Object.keys(w)) if (!WHEN_KEYS.has(k)) at(`when.${k}`, `unknown condition; expected one of ${[...WHEN_KEYS].join(', ')}`);
  if (Object.keys(w).length === 0) at('when', 'expected at least one condition');
  const when: { -readonly [K in keyof RuleWhen]: RuleWhen[K] } = {};
  if (w.program !== undefined) when.program = strings(w.program, at, 'when.program');
  if (w.status !== undefined) {
    const st = strings(w.status, at, 'when.status');
    for (const s of st) if (!RULE_STATUSES.includes(s as RuleStatus)) at('when.status', `expected one of ${RULE_STATUSES.join(', ')}, got "${s}"`);
    when.status = st as RuleStatus[];
  }
  if (w.dsn !== undefined) {
    const d = strings(w.dsn, at, 'when.dsn');
    for (const s of d) if (!DSN_RE.test(s)) at('when.dsn', `expected an enhanced code like 5.1.1, a prefix like 5.7. or X.2.2, got "${s}"`);
    when.dsn = d;
  }
  if (w.code !== undefined) {
    const codes = list(w.code).map((c) => (typeof c === 'string' && /^\d{3}$/.test(c) ? Number(c) : c));
    for (const c of codes) if (typeof c !== 'number' || !Number.isInteger(c) || c < 200 || c > 599) at('when.code', `expected SMTP reply codes (e.g. 550), got ${JSON.stringify(c)}`);
    when.code = codes as number[];
  }
  if (w.text !== undefined) when.text = strings(w.text, at, 'when.text');
  if (w.pattern !== undefined) {
    if (typeof w.pattern !== 'string' || w.pattern === '') at('when.pattern', 'expected a regular expression as a string');
    try { new RegExp(w.pattern, 'i'); } catch (e) { at('when.pattern', `invalid regular expression: ${(e as Error).message}`); }
    when.pattern = w.pattern;
  }
  return when;
}

/** Validates parsed file content (an array of rules, or `{ rules: [...] }`) into rules; `file` is for messages. */
function validateRules(data: unknown, file: string): Rule[] {
  const arr = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(arr)) fail(file, 'file', 'rules', 'expected a list of rules (or a mapping with a "rules" list)');
  const seen = new Set<string>();
  return arr.map((raw: unknown, i: number): Rule => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const name = typeof r.id === 'string' && r.id ? `rule "${r.id}"` : `rule #${i + 1}`;
    const at: (field: string, msg: string) => never = (field, msg) => fail(file, name, field, msg);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) at('rule', 'expected a mapping with id, cause, when, examples');
    for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) at(k, `unknown field; expected one of ${[...RULE_KEYS].join(', ')}`);
    if (typeof r.id !== 'string' || !ID_RE.test(r.id)) at('id', `expected a kebab-case id such as "acme-mailbox-gone", got ${JSON.stringify(r.id)}`);
    if (seen.has(r.id)) at('id', 'duplicate id in this file');
    if (RESERVED.has(r.id) || r.id.startsWith('dsn-')) at('id', `"${r.id}" is a built-in rule id; choose another (e.g. prefix it with your site name)`);
    seen.add(r.id);
    if (typeof r.cause !== 'string' || !isCauseId(r.cause)) at('cause', `unknown cause ${JSON.stringify(r.cause)} (see src/classify/causes.ts)`);
    const when = readWhen(r.when, at);
    if (r.examples === undefined) at('examples', 'expected at least one full Postfix log line');
    const examples = strings(r.examples, at, 'examples');
    if (r.note !== undefined && typeof r.note !== 'string') at('note', 'expected a string');
    const rule: Rule = { id: r.id, cause: r.cause, when, examples, ...(r.note ? { note: r.note as string } : {}) };
    compileRule(rule);
    return rule;
  });
}

/** Reads and validates a YAML or JSON rules file. Throws RulesError. */
export function loadRulesFile(path: string): Rule[] {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RulesError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(source) : parseYaml(source);
  } catch (e) {
    throw new RulesError(`${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateRules(data, path);
}

/**
 * `--check-rules FILE`: validate the file, then run each rule's examples through the parser and a classifier
 * that has these rules in front of the built-in ones. `ok` is false on any invalid field or failing example.
 */
export function checkRules(path: string, parseLine: (line: string) => ParseResult | undefined): { ok: boolean; table: string } {
  let rules: Rule[];
  try {
    rules = loadRulesFile(path);
  } catch (e) {
    if (e instanceof RulesError) return { ok: false, table: `FAIL ${e.message}` };
    throw e;
  }
  const rows = checkExamples(rules, parseLine, new Classifier(rules));
  return { ok: rows.every((r) => r.ok), table: formatCheckTable(path, rows) };
}
