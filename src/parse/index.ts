/**
 * parse — one syslog record in, one ParseResult out: a PostfixEvent, Ignored or Unparsed. Never throws.
 *
 *   `{ tag: 'postfix/submission/smtpd', text: '4B7C21A0F3: client=…' }` → syslogName `postfix/submission`,
 *   program `smtpd` → PARSERS.smtpd → SmtpdClient.
 * Steps, cheapest first: is the tag Postfix's (first path segment starts with `postfix`, so `postfix-out/smtp`
 * counts) → split the tag at its last `/` → `warning:`/`error:`/`fatal:`/`panic:` from any program is a Warning →
 * look the program up in PARSERS → that parser alone reads the text.
 * Ignored vs Unparsed: a line that carries a queue ID (or `NOQUEUE`) and matches nothing its program is known to
 * log is Unparsed — format drift in a line that matters; connection-level chatter without one is Ignored.
 * A line of a program that logs queue IDs, starting with a token shaped like one that is not one
 * (`FGHIJ67890: client=…`), is Unparsed with reason `not a queue id`, not Ignored as chatter.
 * Ignored reasons: `foreign` (not a Postfix tag), `unknown-program` (a Postfix tag naming no program in PARSERS),
 * or the program name (`smtpd`, `anvil`, …) for a known line that is deliberately not modelled.
 *
 * Programs beside Postfix that give a verdict on a message or store it (OpenDKIM, OpenDMARC, policyd-spf, amavis,
 * Dovecot, rspamd, spamd, clamav-milter, postgrey) are looked up by their whole tag in BESIDE; any other tag is
 * `foreign`.
 *
 * Limits: a tag truncated to `postfix` (rsyslog's %programname%) has no program and is Ignored; extra syslog
 * names that do not start with `postfix` are not configurable yet.
 */

import type { InboundTrouble, ParseResult, SmtpTlsFailed, Warning } from './postfix-events.js';
import { dnsblogTrouble, smtpdWarningTrouble } from './inbound.js';
import type { SyslogRecord } from '../input/record.js';
import { parseAmavis } from './amavis.js';
import { parseBounce } from './bounce.js';
import { parseClamavMilter } from './clamav-milter.js';
import { parseDovecot } from './dovecot.js';
import { parseOpendkim } from './opendkim.js';
import { parseOpendmarc } from './opendmarc.js';
import { parsePolicydSpf } from './policyd-spf.js';
import { parsePostgrey } from './postgrey.js';
import { parseRspamd } from './rspamd.js';
import { parseSpamd } from './spamd.js';
import { parseCleanup } from './cleanup.js';
import { parseError } from './error.js';
import { parseLocal } from './local.js';
import { parseMaster, parsePostfixScript } from './master.js';
import { parsePickup } from './pickup.js';
import { parsePostscreen } from './postscreen.js';
import { parsePostsuper } from './postsuper.js';
import { parseQmgr } from './qmgr.js';
import { fakeQueueIdLength, queueIdLength } from './queue-id.js';
import { ignored, unparsed } from './results.js';
import { parseSmtp } from './smtp.js';
import { parseSmtpd } from './smtpd.js';

/** A parser for one Postfix program's lines. `program` and `syslogName` come from the tag. */
export type ProgramParser = (rec: SyslogRecord, syslogName: string, program: string) => ParseResult;

/** Postfix program name → its parser. Programs that only ever log chatter map to `ignore`. */
const ignore: ProgramParser = (_rec, _syslogName, program) => ignored(program);
const parseDnsblog: ProgramParser = (rec, syslogName, program) => dnsblogTrouble(rec, syslogName, program) ?? ignored(program);
export const PARSERS: Readonly<Record<string, ProgramParser>> = Object.assign(Object.create(null) as Record<string, ProgramParser>, {
  smtpd: parseSmtpd,
  postscreen: parsePostscreen,
  pickup: parsePickup,
  cleanup: parseCleanup,
  qmgr: parseQmgr,
  nqmgr: parseQmgr,
  oqmgr: parseQmgr,
  smtp: parseSmtp,
  lmtp: parseSmtp,
  local: parseLocal,
  virtual: parseLocal,
  pipe: parseLocal,
  error: parseError,
  retry: parseError,
  discard: parseError,
  bounce: parseBounce,
  defer: parseBounce,
  trace: parseBounce,
  postsuper: parsePostsuper,
  master: parseMaster,
  dnsblog: parseDnsblog,
  anvil: ignore, scache: ignore, tlsmgr: ignore, tlsproxy: ignore, verify: ignore,
  proxymap: ignore, 'trivial-rewrite': ignore, showq: ignore, flush: ignore, postdrop: ignore, sendmail: ignore,
  postqueue: ignore, postlogd: ignore, 'postfix-script': parsePostfixScript, postfix: ignore, postmap: ignore, postalias: ignore,
  postconf: ignore, spawn: ignore, qmqpd: ignore, postmulti: ignore,
  'postfix-tls-script': ignore, smtpd_policy: ignore, 'policy-spf': ignore,
});

/** Programs beside Postfix, by their whole syslog tag (check-events.ts: their verdicts and stores). */
export const BESIDE: Readonly<Record<string, (rec: SyslogRecord, program: string) => ParseResult>> = Object.assign(Object.create(null) as Record<string, (rec: SyslogRecord, program: string) => ParseResult>, {
  opendkim: parseOpendkim,
  opendmarc: parseOpendmarc,
  'policyd-spf': parsePolicydSpf,
  amavis: parseAmavis, amavisd: parseAmavis, 'amavisd-new': parseAmavis,
  dovecot: parseDovecot,
  rspamd: parseRspamd,
  spamd: parseSpamd,
  'clamav-milter': parseClamavMilter,
  postgrey: parsePostgrey,
});

const FOREIGN = ignored('foreign');

/**
 * Whether a result came from a Postfix line: not a foreign line, and not one of a program beside Postfix (its
 * verdicts, stores, chatter or unparsed lines). The queue/alert watch opens hosts and ends silences only on these.
 */
export function isPostfixLine(r: ParseResult): boolean {
  switch (r.kind) {
    case 'ignored': return r.reason !== 'foreign' && !(r.reason in BESIDE);
    case 'unparsed': return !(r.program in BESIDE);
    case 'check': case 'check.note': case 'store': return false;
    default: return true;
  }
}
const UNKNOWN_PROGRAM = ignored('unknown-program');

/** Severity prefixes Postfix's msg(3) puts before a message, keyed by the first character. */
const SEVERITIES = [['warning: ', 'warning'], ['error: ', 'error'], ['fatal: ', 'fatal'], ['panic: ', 'panic']] as const;

export function parseRecord(rec: SyslogRecord): ParseResult {
  const tag = rec.tag;
  if (!tag.startsWith('postfix')) return beside(rec);
  const slash = tag.lastIndexOf('/');
  if (slash < 0) return UNKNOWN_PROGRAM;
  const program = tag.slice(slash + 1);
  const syslogName = tag.slice(0, slash);
  const text = rec.text;
  const c = text.charCodeAt(0);
  if (c === 119 || c === 101 || c === 102 || c === 112) {
    for (const [prefix, severity] of SEVERITIES) {
      if (text.startsWith(prefix)) return warning(rec, syslogName, program, severity, prefix.length);
    }
  }
  const parser = PARSERS[program];
  if (parser === undefined) return UNKNOWN_PROGRAM;
  try {
    const r = parser(rec, syslogName, program);
    // A parser ignores a line without a queue ID as chatter; one that starts with something shaped like an id
    // that is not one (`FGHIJ67890: removed`) is a message's line this reader cannot place: say so.
    if (r.kind === 'ignored' && parser !== ignore && fakeQueueIdLength(text) > 0) return unparsed(program, 'not a queue id', text);
    return r;
  } catch {
    // A parser bug must not stop the pipeline; the line is counted like any other unparsed one.
    return { kind: 'unparsed', program, reason: 'parser error', text };
  }
}

function beside(rec: SyslogRecord): ParseResult {
  const parser = BESIDE[rec.tag];
  if (parser === undefined) return FOREIGN;
  try {
    return parser(rec, rec.tag);
  } catch {
    return { kind: 'unparsed', program: rec.tag, reason: 'parser error', text: rec.text };
  }
}

function warning(rec: SyslogRecord, syslogName: string, program: string, severity: Warning['severity'], at: number): Warning | SmtpTlsFailed | InboundTrouble {
  const text = rec.text;
  const message = text.slice(at);
  if (program === 'smtpd') {
    const t = smtpdWarningTrouble(rec, syslogName, program, message);
    if (t) return t;
  }
  // The SMTP client's `warning: TLS library problem: …` explains the deferral that follows (tls/tls_misc.c).
  if ((program === 'smtp' || program === 'lmtp') && message.startsWith('TLS library problem')) {
    return { kind: 'smtp.tls-failed', timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text, reason: message };
  }
  const qidLen = queueIdLength(message);
  return {
    kind: 'warning',
    timeUs: rec.timeUs, host: rec.host, program, syslogName, pid: rec.pid, text,
    severity, queueId: qidLen < 0 ? undefined : message.slice(0, qidLen), message,
  };
}
