/**
 * rule — the shape of one cause rule, and how a rule is compiled once and matched against a line's facts.
 *
 * A rule says "when these facts hold, the cause is X", e.g.
 *   { id: 'user-unknown-en', cause: 'invalid_recipient', when: { text: ['user unknown', 'nosuchuser', …] }, examples: ['Nov 27 …'] }
 * All present `when` fields must match (AND); the entries inside one field are alternatives (OR).
 * `dsn` entries match exactly (`5.2.2`), by prefix when they end with a dot (`5.7.`), and `X.` stands for
 * either class (`X.2.2` matches 4.2.2 and 5.2.2). `text` entries are case-insensitive substrings.
 *
 * Limits: `pattern` is an RE2 regular expression (https://github.com/google/re2/wiki/Syntax), compiled
 * case-insensitively by re2js, which matches in time linear in the text: the remote server writes the reply
 * text, so a pattern such as `(a+)+$` must not be able to stall the pipeline (a backtracking engine takes
 * seconds per line for it). RE2 has no lookarounds and no backreferences; such a pattern is refused when the
 * rule is compiled. Keep `pattern` for what fragments cannot say. Built-in and user rules share this schema
 * (user files are checked by load-rules.ts).
 */
import { RE2JS } from 're2js';
import type { CauseId } from './causes.js';
import { FragmentIndex } from './fragments.js';

/**
 * The status a rule can test: a delivery's `status=`, `reject` for smtpd/postscreen/cleanup rejects,
 * `attempt` for a non-final remark or a connect failure (Postfix tries another host), `expired` for qmgr expiry.
 */
export type RuleStatus = 'deferred' | 'bounced' | 'undeliverable' | 'SOFTBOUNCE' | 'expired' | 'reject' | 'attempt';

export const RULE_STATUSES: readonly RuleStatus[] = ['deferred', 'bounced', 'undeliverable', 'SOFTBOUNCE', 'expired', 'reject', 'attempt'];

export interface RuleWhen {
  /** Postfix service names (`smtp`, `lmtp`, `local`, `virtual`, `pipe`, `error`, `smtpd`, `postscreen`, `cleanup`). */
  program?: readonly string[];
  status?: readonly RuleStatus[];
  /** Enhanced status codes: `5.1.1` exact, `5.7.` prefix, `X.2.2` either class. */
  dsn?: readonly string[];
  /** SMTP reply codes (`550`, `421`) as found in the reply. */
  code?: readonly number[];
  /** Case-insensitive substrings of the reason text; any one matches. */
  text?: readonly string[];
  /** A regular expression source (case-insensitive), only where fragments cannot say it. */
  pattern?: string;
}

export interface Rule {
  /** Stable, unique, kebab-case; emitted as `mta.cause.rule`. */
  id: string;
  cause: CauseId;
  when: RuleWhen;
  /** At least one full Postfix log line that must classify to this very rule. */
  examples: readonly string[];
  /** Why the rule exists and where its wording comes from. */
  note?: string;
}

/** What the engine knows about one line, computed once per line (see facts.ts). */
export interface Facts {
  program: string;
  status: RuleStatus;
  dsn?: string;
  code?: number;
  /** The reason text, lower-cased, with Postfix's `delivery temporarily suspended: ` wrapper removed. */
  lower: string;
  /** The same text in its original case (for patterns). */
  text: string;
}

export interface CompiledRule {
  rule: Rule;
  program?: ReadonlySet<string>;
  status?: ReadonlySet<string>;
  dsn?: readonly string[];
  code?: ReadonlySet<number>;
  /** Ids of the rule's fragments in the shared FragmentIndex. */
  text?: readonly number[];
  pattern?: Pattern;
}

/** A compiled `pattern`: true when it occurs anywhere in the text. */
export interface Pattern { test(text: string): boolean }

/** Compiles a `pattern` with RE2 semantics (linear-time matching); throws a SyntaxError naming what RE2 refuses. */
export function compilePattern(source: string): Pattern {
  try {
    return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    throw new SyntaxError(`${(e as Error).message} (patterns use RE2 syntax: no lookarounds or backreferences)`);
  }
}

/**
 * Lower-cases fragments into the shared index and compiles the pattern once; throws SyntaxError on a bad pattern.
 * Without an index (validation only) the fragments go to a throw-away one.
 */
export function compileRule(rule: Rule, index: FragmentIndex = new FragmentIndex()): CompiledRule {
  const w = rule.when;
  return {
    rule,
    program: w.program ? new Set(w.program) : undefined,
    status: w.status ? new Set(w.status) : undefined,
    dsn: w.dsn,
    code: w.code ? new Set(w.code) : undefined,
    text: w.text?.map((t) => index.add(t.toLowerCase())),
    pattern: w.pattern === undefined ? undefined : compilePattern(w.pattern),
  };
}

function dsnMatches(want: string, have: string): boolean {
  if (want.startsWith('X.') || want.startsWith('x.')) return have.length > 2 && dsnMatches(have[0] + want.slice(1), have);
  return want.endsWith('.') ? have.startsWith(want) : have === want;
}

/** True when every condition of the rule holds; `textFound` says whether one of its fragments is in the text. */
export function ruleMatches(c: CompiledRule, f: Facts, textFound: boolean): boolean {
  if (c.program && !c.program.has(f.program)) return false;
  if (c.status && !c.status.has(f.status)) return false;
  if (c.code && (f.code === undefined || !c.code.has(f.code))) return false;
  if (c.dsn) {
    const dsn = f.dsn;
    if (dsn === undefined || !c.dsn.some((d) => dsnMatches(d, dsn))) return false;
  }
  if (c.text && !textFound) return false;
  if (c.pattern && !c.pattern.test(f.text)) return false;
  return true;
}
