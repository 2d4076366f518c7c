/**
 * classify — the engine: user rules, then the built-in rules in table order (first match wins), then the
 * enhanced-code fallback (dsn-codes.ts), then `unknown`, counted.
 *
 *   `Nov 27 10:02:11 mx1 postfix/smtp[4242]: 4B7C21A0F3: to=<bob@gmail.com>, relay=…, dsn=5.1.1, status=bounced
 *    (host gmail-smtp-in.l.google.com[…] said: 550-5.1.1 The email account that you tried to reach does not exist …)`
 *   → { cause: 'invalid_recipient', rule: 'user-unknown-en', transient: false }
 *
 * `transient` is what Postfix does next, not the class's usual nature: deferred, SOFTBOUNCE, a non-final
 * attempt and a 4xx reject are transient; bounced, undeliverable, expired and a 5xx reject are not.
 *
 * Limits: pure and synchronous; the counters are per Classifier instance. Rule ids for the fallback are
 * `dsn-X.S.D` / `dsn-X.S`, and `no-match` when nothing applies.
 */
import type { CauseId } from './causes.js';
import { lookupDsn } from './dsn-codes.js';
import { factsOf, type Classifiable } from './facts.js';
import { FragmentIndex } from './fragments.js';
import { compileRule, ruleMatches, type CompiledRule, type Facts, type Rule } from './rule.js';
import { RULES } from './rules.js';

export type { Classifiable } from './facts.js';

export interface Verdict {
  cause: CauseId;
  /** The id of the rule (or fallback entry) that decided; emitted as `mta.cause.rule`. */
  rule: string;
  /** What Postfix (or, for a reject, the client) does next: true when the message will be retried. */
  transient: boolean;
}

export interface ClassifierCounters {
  /** Failure lines classified. */
  classified: number;
  /** Of those, decided by the enhanced-code fallback. */
  byDsn: number;
  /** Of those, left as `unknown`. */
  unknown: number;
}

export class Classifier {
  readonly #rules: readonly CompiledRule[];
  readonly #index = new FragmentIndex();
  /** Per fragment id, 1 while the current line contains it. */
  readonly #hits: Uint8Array;
  /** Per fragment id, the positions of the rules that list it. */
  readonly #rulesOf: number[][];
  /** Per rule position, 1 while one of its fragments is in the current line. */
  readonly #textFound: Uint8Array;
  readonly #counters: ClassifierCounters = { classified: 0, byDsn: 0, unknown: 0 };

  /** Compiles the rules once; `extraRules` (from `--rules`) are tried before the built-in ones. */
  constructor(extraRules: readonly Rule[] = [], builtIn: readonly Rule[] = RULES) {
    this.#rules = [...extraRules, ...builtIn].map((r) => compileRule(r, this.#index));
    this.#index.build();
    this.#hits = new Uint8Array(this.#index.size);
    this.#rulesOf = Array.from({ length: this.#index.size }, () => []);
    this.#rules.forEach((c, i) => { for (const id of c.text ?? []) this.#rulesOf[id].push(i); });
    this.#textFound = new Uint8Array(this.#rules.length);
  }

  /** The cause of a failure line, or undefined when the event reports no failure. */
  classify(ev: Classifiable): Verdict | undefined {
    const f = factsOf(ev);
    if (!f) return undefined;
    this.#counters.classified++;
    if (ev.kind === 'qmgr.expired') return { cause: 'expired', rule: 'qmgr-expired', transient: false };
    const hit = this.#firstMatch(f);
    if (hit) return { cause: hit.rule.cause, rule: hit.rule.id, transient: f.transient };
    const dsn = f.dsn && !/^[45]\.0\.0$/.test(f.dsn) ? f.dsn : f.textDsn;
    const fallback = dsn ? lookupDsn(dsn) : undefined;
    if (fallback) {
      this.#counters.byDsn++;
      return { cause: fallback.cause, rule: `dsn-${fallback.key}`, transient: f.transient };
    }
    this.#counters.unknown++;
    return { cause: 'unknown', rule: 'no-match', transient: f.transient };
  }

  /** The first rule, in table order, whose conditions all hold. */
  #firstMatch(f: Facts): CompiledRule | undefined {
    const found = this.#index.scan(f.lower, this.#hits);
    for (const id of found) for (const r of this.#rulesOf[id]) this.#textFound[r] = 1;
    let hit: CompiledRule | undefined;
    for (let i = 0; i < this.#rules.length; i++) {
      if (ruleMatches(this.#rules[i], f, this.#textFound[i] === 1)) { hit = this.#rules[i]; break; }
    }
    for (const id of found) {
      this.#hits[id] = 0;
      for (const r of this.#rulesOf[id]) this.#textFound[r] = 0;
    }
    return hit;
  }

  /** Failure lines no rule or code could explain; a rising number means a rule is missing. */
  get unknownCount(): number {
    return this.#counters.unknown;
  }

  get counters(): Readonly<ClassifierCounters> {
    return { ...this.#counters };
  }
}
