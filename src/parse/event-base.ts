/**
 * event-base — the envelope every parsed event carries (where and when its line was written) and the network
 * peer as Postfix prints it; shared by postfix-events.ts, side-events.ts and check-events.ts (the programs
 * beside Postfix).
 *
 *   `Nov 27 16:23:01 mx1 postfix/submission/smtpd[2102]: …` → { timeUs, host: 'mx1', program: 'smtpd', syslogName: 'postfix/submission', pid: 2102 }
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

/** A network peer as Postfix prints it: `mx.example.net[192.0.2.7]:25`, `unknown[192.0.2.9]`, `private/dovecot-lmtp`. */
export interface Peer {
  /** The host name part (`mx.example.net`, `unknown`, `none`, `local`, `private/dovecot-lmtp`). */
  name: string;
  address?: string;
  port?: number;
}

