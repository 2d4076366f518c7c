/**
 * explain — `mtatrace explain 'LINE'`: show what was parsed, the cause, the deciding rule, whether Postfix
 * will retry, and the operator hint.
 *
 *   $ mtatrace explain 'Nov 27 10:21:17 mx1 postfix/local[3350]: 9A5B6C7D8E: to=<ann@example.org>, … status=bounced (… Disk quota exceeded)'
 *   parsed:    delivery from local: queue id 9A5B6C7D8E, to=<ann@example.org>, relay=local, dsn=5.2.2, status=bounced
 *   cause:     mailbox_full — The recipient's storage or message-count quota is exceeded …
 *   rule:      mbox-quota
 *   transient: no (Postfix will not retry)
 *   diagnosis: …
 *
 * Limits: one line at a time; cross-line context (an earlier deferral behind an expiry) is not consulted.
 */
import type { ParseResult } from '../parse/postfix-events.js';
import { causeInfo } from './causes.js';
import type { Classifier } from './classify.js';
import { isClassifiable } from './check-examples.js';

function describe(p: ParseResult): string {
  if (p.kind === 'ignored') return `not a modelled Postfix event (ignored: ${p.reason})`;
  if (p.kind === 'unparsed') return `a ${p.program} line that did not parse (${p.reason})`;
  const parts = [`${p.kind} from ${p.program}`];
  const rec = p as unknown as Record<string, unknown>;
  for (const k of ['queueId', 'to', 'from', 'action', 'stage', 'code', 'dsn', 'status']) {
    if (rec[k] !== undefined && rec[k] !== '') parts.push(`${k}=${String(rec[k])}`);
  }
  const peer = (rec.relay ?? rec.peer ?? rec.client) as { name: string; address?: string } | undefined;
  if (peer) parts.push(`peer=${peer.name}${peer.address ? `[${peer.address}]` : ''}`);
  return parts.join(', ');
}

/** A human-readable explanation of one log line. */
export function explainLine(line: string, parseLine: (line: string) => ParseResult | undefined, classifier: Classifier): string {
  const parsed = parseLine(line);
  if (!parsed) return `line:      ${line}\nparsed:    not a syslog line mtatrace can read`;
  const out = [`line:      ${line}`, `parsed:    ${describe(parsed)}`];
  const verdict = isClassifiable(parsed) ? classifier.classify(parsed) : undefined;
  if (!verdict) {
    out.push('cause:     none (this line reports no failure)');
    return out.join('\n');
  }
  const info = causeInfo(verdict.cause);
  out.push(
    `cause:     ${verdict.cause} — ${info.description}`,
    `rule:      ${verdict.rule}`,
    `transient: ${verdict.transient ? 'yes (Postfix, or the sending client, will retry)' : 'no (Postfix will not retry)'}`,
    `diagnosis: ${info.hint.diagnosis}`,
    `fix:       ${info.hint.fix}`,
    `why:       ${info.hint.why}`,
  );
  return out.join('\n');
}
