/**
 * check-examples — run every rule's example lines through parser and classifier and report, per example,
 * whether the very same rule decided. Shared by `--check-rules` and the built-in rules' test.
 *
 *   rule                 example  result
 *   acme-mailbox-gone    1        ok
 *   acme-quota           1        FAIL got mailbox-full-en (mailbox_full)
 *
 * Limits: an example that does not parse into a classifiable failure event is a failure ("not a failure line").
 */
import type { ParseResult } from '../parse/postfix-events.js';
import type { Classifiable, Classifier } from './classify.js';
import type { Rule } from './rule.js';

const CLASSIFIABLE = new Set(['delivery', 'smtp.conversation', 'smtp.connect-failed', 'smtp.tls-failed', 'smtpd.reject', 'cleanup.action', 'qmgr.expired']);

export interface ExampleResult {
  rule: string;
  /** 1-based position of the example within its rule. */
  example: number;
  ok: boolean;
  /** What happened instead, when not ok. */
  detail?: string;
}

/** True when a parse result is one of the events the classifier accepts. */
export function isClassifiable(r: ParseResult | undefined): r is Classifiable {
  return r !== undefined && CLASSIFIABLE.has(r.kind);
}

export function checkExamples(
  rules: readonly Rule[],
  parseLine: (line: string) => ParseResult | undefined,
  classifier: Classifier,
): ExampleResult[] {
  const rows: ExampleResult[] = [];
  for (const rule of rules) {
    rule.examples.forEach((line, i) => {
      const parsed = parseLine(line);
      let detail: string | undefined;
      if (!isClassifiable(parsed)) {
        detail = `not a failure line (parsed as ${parsed ? parsed.kind : 'nothing'}${parsed && 'reason' in parsed ? `: ${parsed.reason}` : ''})`;
      } else {
        const v = classifier.classify(parsed);
        if (!v) detail = 'no verdict (the line reports no failure)';
        else if (v.rule !== rule.id) detail = `got ${v.rule} (${v.cause})`;
        else if (v.cause !== rule.cause) detail = `cause ${v.cause}, expected ${rule.cause}`;
      }
      rows.push({ rule: rule.id, example: i + 1, ok: detail === undefined, ...(detail ? { detail } : {}) });
    });
  }
  return rows;
}

/** A fixed-width table with a summary line. */
export function formatCheckTable(file: string, rows: readonly ExampleResult[]): string {
  const w = Math.max(4, ...rows.map((r) => r.rule.length));
  const lines = [`${'rule'.padEnd(w)}  example  result`];
  for (const r of rows) lines.push(`${r.rule.padEnd(w)}  ${String(r.example).padEnd(7)}  ${r.ok ? 'ok' : `FAIL ${r.detail}`}`);
  const bad = rows.filter((r) => !r.ok).length;
  lines.push(`${file}: ${rows.length} example(s), ${bad} failed`);
  return lines.join('\n');
}
