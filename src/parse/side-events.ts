/**
 * side-events — what Postfix logs beside any message's lifecycle that mtatrace still reports: trouble with SMTP
 * clients that is no reject (parse/inbound.ts) and Postfix's own start, reload and stop (parse/master.ts).
 *
 *   `smtpd: lost connection after DATA (7774180 bytes) from unknown[192.0.2.7]` → InboundTrouble
 *   `master: daemon started -- version 3.9.1, configuration /etc/postfix`      → PostfixLife
 * Part of the PostfixEvent union (postfix-events.ts), kept apart to keep that file readable.
 */
import type { EventBase, Peer } from './event-base.js';

/** master/postfix-script: Postfix started, reloaded or stopped (parse/master.ts). */
export interface PostfixLife extends EventBase {
  kind: 'postfix.life';
  action: 'started' | 'reloaded' | 'stopped' | 'starting' | 'stopping' | 'refreshing' | 'running';
  version?: string;
  /** The signal master terminated on (`terminating on signal 15`). */
  signal?: number;
}

/** What went wrong with an SMTP client without a reject line (parse/inbound.ts); every label is bounded. */
export type TroubleKind =
  | 'lost_connection' | 'timeout' | 'too_many_errors' | 'pipelining' | 'tls_failed' | 'sasl_failed' | 'non_smtp_command'
  | 'pregreet' | 'hangup' | 'dnsbl' | 'command_time_limit' | 'command_count_limit' | 'command_length_limit'
  | 'command_pipelining' | 'bare_newline' | 'dnsbl_listed';

/**
 * `smtpd: lost connection after DATA (7774180 bytes) from unknown[192.0.2.7]`, `postscreen: PREGREET 14 after 0.08
 * from [192.0.2.2]:59415: EHLO x`, `dnsblog: addr 192.0.2.4 listed by domain zen.example.org as 127.0.0.2`.
 */
export interface InboundTrouble extends EventBase {
  kind: 'inbound.trouble';
  trouble: TroubleKind;
  client?: Peer;
  /** The SMTP stage (`DATA`, `END-OF-MESSAGE`, `RCPT`, …, or `other`). */
  stage?: string;
  /** Bytes received before an upload was cut (`lost connection after DATA (N bytes)`). */
  bytes?: number;
  /** postscreen's DNSBL score for the client. */
  rank?: number;
  /** The DNS list that listed the client (dnsblog). */
  list?: string;
}

