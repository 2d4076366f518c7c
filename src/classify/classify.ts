/**
 * classify — the engine: user rules, then the built-in rules in table order (first match wins), then the
 * enhanced-code fallback (dsn-codes.ts), then `unknown`, counted.
 *
 *   `Nov 27 10:02:11 mx1 postfix/smtp[4242]: 4B7C21A0F3: to=<bob@gmail.com>, relay=…, dsn=5.1.1, status=bounced
 *    (host gmail-smtp-in.l.google.com[…] said: 550-5.1.1 The email account that you tried to reach does not exist …)`
 *   → { cause: 'invalid_recipient', rule: 'gmail-no-such-user', transient: false }
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
import { compileRule, ruleMatches, type CompiledRule, type Rule } from './rule.js';
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
  readonly #counters: ClassifierCounters = { classified: 0, byDsn: 0, unknown: 0 };

  /** Compiles the rules once; `extraRules` (from `--rules`) are tried before the built-in ones. */
  constructor(extraRules: readonly Rule[] = [], builtIn: readonly Rule[] = RULES) {
    this.#rules = [...extraRules, ...builtIn].map(compileRule);
  }

  /** The cause of a failure line, or undefined when the event reports no failure. */
  classify(ev: Classifiable): Verdict | undefined {
    const f = factsOf(ev);
    if (!f) return undefined;
    this.#counters.classified++;
    if (ev.kind === 'qmgr.expired') return { cause: 'expired', rule: 'qmgr-expired', transient: false };
    for (const c of this.#rules) {
      if (ruleMatches(c, f)) return { cause: c.rule.cause, rule: c.rule.id, transient: f.transient };
    }
    const dsn = f.dsn && !/^[45]\.0\.0$/.test(f.dsn) ? f.dsn : f.textDsn;
    const hit = dsn ? lookupDsn(dsn) : undefined;
    if (hit) {
      this.#counters.byDsn++;
      return { cause: hit.cause, rule: `dsn-${hit.key}`, transient: f.transient };
    }
    this.#counters.unknown++;
    return { cause: 'unknown', rule: 'no-match', transient: f.transient };
  }

  /** Failure lines no rule or code could explain; a rising number means a rule is missing. */
  get unknownCount(): number {
    return this.#counters.unknown;
  }

  get counters(): Readonly<ClassifierCounters> {
    return { ...this.#counters };
  }
}
