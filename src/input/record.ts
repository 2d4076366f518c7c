/**
 * record — the one shape every input format is turned into before parsing.
 *
 * A `SyslogRecord` is a log line with its envelope taken apart:
 *   `2026-11-27T16:23:01.123456+00:00 mx1 postfix/smtp[1234]: 4B7C21A0F3: to=<bob@example.net>, …`
 * becomes `{ timeUs: 1795796581123456, host: 'mx1', tag: 'postfix/smtp', pid: 1234, text: '4B7C21A0F3: to=<…' }`.
 *
 * Limits: `timeUs` is microseconds since the Unix epoch as a plain number (exact up to the year 2255).
 */

/** One syslog message, whatever format it arrived in. */
export interface SyslogRecord {
  /** When the line was written, in microseconds since 1970-01-01T00:00:00Z. */
  timeUs: number;
  /** The host that wrote it (syslog HOSTNAME, journald `_HOSTNAME`, JSON `host`). */
  host: string;
  /** The syslog tag without the pid: `postfix/smtp`, `postfix-out/smtp`, `postfix/submission/smtpd`, `dovecot`. */
  tag: string;
  /** The process id from `tag[pid]`, when present. */
  pid?: number;
  /** The message text after `tag[pid]: `. */
  text: string;
  /** The container that logged it, when a runtime's prefix named one (`postfix-mailcow-1  | …`); see container.ts. */
  container?: string;
}

/** Why a line could not become a record; each reason is a counter. */
export type InputRejectReason =
  | 'empty'
  | 'too_long'
  | 'no_timestamp'
  | 'bad_timestamp'
  | 'no_tag'
  | 'bad_json'
  | 'json_not_object'
  | 'json_no_message'
  /** Looks like a syslog line but its envelope is malformed: bad `<PRI>`, no host, broken RFC 5424 structured data. */
  | 'bad_header';

export type InputResult =
  | { ok: true; record: SyslogRecord }
  | { ok: false; reason: InputRejectReason };
