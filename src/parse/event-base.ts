/**
 * event-base — the envelope every parsed event carries (Postfix's in postfix-events.ts, the programs beside
 * Postfix's in check-events.ts): where and when the line was written.
 *
 *   `mx1 postfix/smtp[4242]: 4B7C21A0F3: to=<…>` → { host: 'mx1', program: 'smtp', syslogName: 'postfix', pid: 4242 }
 *
 * Limits: times are what the input stage made of the line's timestamp (µs since the epoch).
 */

/** Envelope common to every event: where and when the line was written. */
export interface EventBase {
  timeUs: number;
  host: string;
  /** Postfix service name: the last part of the tag (`smtp` for `postfix-out/smtp`). */
  program: string;
  /** The syslog_name: everything before the last `/` of the tag (`postfix`, `postfix-out`, `postfix/submission`). */
  syslogName: string;
  pid?: number;
  /** The message text after `tag[pid]: ` as Postfix wrote it. */
  text: string;
}
