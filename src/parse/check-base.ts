/**
 * check-base — how the parsers of programs beside Postfix build their events, and the small readers they share
 * (opendkim.ts, opendmarc.ts, policyd-spf.ts, amavis.ts, dovecot.ts, rspamd.ts, spamd.ts, clamav-milter.ts,
 * postgrey.ts).
 *
 *   `opendkim[289]: 4B7C21A0F3: DKIM verification successful` → newCheck(rec, 'opendkim', 'dkim', 'pass'):
 *   { program: opendkim, syslogName: opendkim, … }
 * The tag of such a program has no `/`, so its program name and its syslog name are the same.
 *
 * Limits: a program logging under another name (`amavisd-new`, `dovecot-lmtp`) needs its own row in
 * parse/index.ts's BESIDE table.
 */
import type { SyslogRecord } from '../input/record.js';
import type { Check, CheckNote, Store } from './check-events.js';

/**
 * A verdict with every field declared (absent ones undefined): one object shape for all of them, built without
 * spreading (V8 copies a spread object key by key).
 */
export function newCheck(rec: SyslogRecord, program: string, check: Check['check'], result: Check['result']): Check {
  return {
    kind: 'check', timeUs: rec.timeUs, host: rec.host, program, syslogName: rec.tag, pid: rec.pid, text: rec.text,
    check, result, queueId: undefined, direction: undefined, domain: undefined, selector: undefined, score: undefined,
    durationMs: undefined, action: undefined, messageId: undefined, queuedAs: undefined, clientAddress: undefined,
    sender: undefined, recipients: undefined, reason: undefined,
  };
}

export function newNote(rec: SyslogRecord, program: string, queueId: string, selector: string, domain: string): CheckNote {
  return { kind: 'check.note', timeUs: rec.timeUs, host: rec.host, program, syslogName: rec.tag, pid: rec.pid, text: rec.text, queueId, selector, domain, error: undefined };
}

export function newStore(rec: SyslogRecord, program: string, outcome: Store['outcome'], user: string, messageId: string, via: string): Store {
  return { kind: 'store', timeUs: rec.timeUs, host: rec.host, program, syslogName: rec.tag, pid: rec.pid, text: rec.text, outcome, user, messageId, folder: undefined, via, reason: undefined };
}

/** `<x@example.net>` → `x@example.net`; anything else unchanged. */
export function unbracket(s: string): string {
  return s.length >= 2 && s.charCodeAt(0) === 60 && s.charCodeAt(s.length - 1) === 62 ? s.slice(1, -1) : s;
}

/** The domain of an address (`bounce+x=y@example.net` → `example.net`), lower-cased; undefined without `@`. */
export function domainOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const at = address.lastIndexOf('@');
  return at < 0 || at === address.length - 1 ? undefined : address.slice(at + 1).toLowerCase();
}
