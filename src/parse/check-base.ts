/**
 * check-base — the envelope and small readers the parsers of programs beside Postfix share
 * (opendkim.ts, opendmarc.ts, policyd-spf.ts, amavis.ts, dovecot.ts, rspamd.ts, spamd.ts, clamav-milter.ts,
 * postgrey.ts).
 *
 *   `opendkim[289]: 4B7C21A0F3: DKIM verification successful` → envelope { program: opendkim, syslogName: opendkim }
 * The tag of such a program has no `/`, so its program name and its syslog name are the same.
 *
 * Limits: a program logging under another name (`amavisd-new`, `dovecot-lmtp`) needs its own row in
 * parse/index.ts's FOREIGN table.
 */
import type { SyslogRecord } from '../input/record.js';
import type { EventBase } from './event-base.js';

/** The envelope of an event read from `rec`, for a program whose tag is its name. */
export function envelope(rec: SyslogRecord, program: string): EventBase {
  return { timeUs: rec.timeUs, host: rec.host, program, syslogName: rec.tag, pid: rec.pid, text: rec.text };
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
