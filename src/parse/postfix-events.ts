/**
 * events — the vocabulary: one member of `PostfixEvent` per thing Postfix logs that mtatrace uses.
 *
 * Field names keep Postfix's own key names (`relay`, `dsn`, `status`, `delays`, `nrcpt`); translation to
 * OpenTelemetry names happens only in `src/otel/`. Every event carries the envelope of the line it came from.
 * The `kind` prefix is the name of the parser file that produces it (`qmgr.removed` → `parse/qmgr.ts`),
 * except `delivery`, which every delivery agent (smtp, lmtp, local, virtual, pipe, error, retry, discard) logs, and
 * `check`, `check.note` and `store`, which the programs beside Postfix log (check-events.ts).
 *
 * Limits: only what the correlator, classifier or outputs need is modelled; anything else a known Postfix
 * program logs is `Ignored` (counted), and a line that looks like it should parse but does not is `Unparsed`.
 */

import type { Check, CheckNote, Store } from './check-events.js';

export type { EventBase, Peer } from './event-base.js';
import type { EventBase, Peer } from './event-base.js';

/** Postfix's `delays=a/b/c/d`: seconds before the queue manager, in the queue manager, connection setup, transmission. */
export type Delays = [number, number, number, number];

/** `status=` values on delivery lines. `SOFTBOUNCE` is what `soft_bounce = yes` logs instead of `bounced`. */
export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'undeliverable' | 'deliverable' | 'expired' | 'SOFTBOUNCE';

/** `smtpd: 4B7C21A0F3: client=mail.example.org[192.0.2.1]` (and `orig_queue_id=`/`orig_client=` with XFORWARD). */
export interface SmtpdClient extends EventBase {
  kind: 'smtpd.client';
  queueId: string;
  client: Peer;
  saslUsername?: string;
  /** The sending Postfix's queue id, forwarded by XFORWARD IDENT (content-filter re-injection). */
  origQueueId?: string;
  origClient?: Peer;
}

/** `smtpd: connect from mail.example.org[192.0.2.1]` — no queue id yet; starts the receive span of that pid. */
export interface SmtpdConnect extends EventBase {
  kind: 'smtpd.connect';
  client: Peer;
}

/** `smtpd: disconnect from mail.example.org[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`. */
export interface SmtpdDisconnect extends EventBase {
  kind: 'smtpd.disconnect';
  client: Peer;
  /**
   * Successful DATA/BDAT transactions of the session, from the command counts (`data=1`, `data=0/1`; none logged:
   * 0); undefined when the line has no counts (Postfix < 3.0). Postfix discards a queue file whose session
   * never completed DATA (smtpd/smtpd.c mail_reset), without a `removed` line.
   */
  dataOk?: number;
}

/**
 * A reject, hold or discard decided while receiving:
 *   `smtpd: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <x@y>: Relay access denied; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 *   `postscreen: NOQUEUE: reject: RCPT from [192.0.2.9]:4711: 550 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org; from=<a@b>, to=<x@y>, proto=ESMTP, helo=<h>`
 *   `smtpd: 4B7C21A0F3: milter-reject: END-OF-MESSAGE from …: 5.7.1 Spam; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 * With a queue id (a later recipient or a milter) the message itself may still live on.
 */
export interface SmtpdReject extends EventBase {
  kind: 'smtpd.reject';
  queueId?: string;
  action: 'reject' | 'milter-reject' | 'hold' | 'milter-hold' | 'discard' | 'milter-discard';
  /** SMTP stage: `CONNECT`, `HELO`, `MAIL`, `RCPT`, `DATA`, `END-OF-MESSAGE`, … */
  stage: string;
  client: Peer;
  /** The reply code (`554`) and enhanced code (`5.7.1`) when present. */
  code?: number;
  dsn?: string;
  /** The reply text after the codes, up to `; from=`. */
  reply: string;
  from?: string;
  to?: string;
  proto?: string;
  helo?: string;
  /** The line ended before its trailer was complete (cut at 1 024 bytes by a relay, or shortened by hand). */
  truncated?: true;
}

/** `pickup: 4B7C21A0F3: uid=0 from=<root>` (and `orig_id=OLDID` when `postsuper -r` requeued it). */
export interface PickupUid extends EventBase {
  kind: 'pickup.uid';
  queueId: string;
  uid: number;
  from: string;
  origId?: string;
}

/** `cleanup: 4B7C21A0F3: message-id=<20261127.abc@example.org>` (also `resent-message-id=`). */
export interface CleanupMessageId extends EventBase {
  kind: 'cleanup.message-id';
  queueId: string;
  messageId: string;
  resent: boolean;
}

/**
 * A header/body check or milter action in cleanup:
 *   `cleanup: 4B7C21A0F3: reject: header Subject: win big from local; from=<a@b> to=<x@y>: 5.7.1 No spam`
 *   `cleanup: 4B7C21A0F3: hold: header X-Hold: yes from localhost[127.0.0.1]; from=<a@b> to=<x@y> proto=ESMTP helo=<h>`
 *   `cleanup: 4B7C21A0F3: discard: body …; from=<a@b> to=<x@y>: drop it`
 *   `cleanup: 4B7C21A0F3: milter-reject: END-OF-MESSAGE from …: 5.7.1 virus found; from=<…> to=<…>`
 */
export interface CleanupAction extends EventBase {
  kind: 'cleanup.action';
  queueId: string;
  action: 'reject' | 'hold' | 'discard' | 'redirect' | 'warning' | 'milter-reject' | 'milter-hold' | 'milter-discard' | 'replace' | 'prepend' | 'filter';
  /** What matched: `header Subject: win big`, `body …`, `END-OF-MESSAGE`. */
  what: string;
  from?: string;
  to?: string;
  /** The optional text after the final `: ` (reply or comment), with its codes split out when present. */
  dsn?: string;
  reply?: string;
}

/** `cleanup: 4B7C21A0F3: reject: …` is in CleanupAction; `cleanup: warning: …` is a Warning. */

/** `qmgr: 4B7C21A0F3: from=<alice@example.org>, size=1834, nrcpt=2 (queue active)`. */
export interface QmgrQueued extends EventBase {
  kind: 'qmgr.queued';
  queueId: string;
  from: string;
  size: number;
  nrcpt: number;
}

/** `qmgr: 4B7C21A0F3: removed`. */
export interface QmgrRemoved extends EventBase {
  kind: 'qmgr.removed';
  queueId: string;
}

/** `qmgr: 4B7C21A0F3: from=<alice@example.org>, status=expired, returned to sender` (or `force-expired`). */
export interface QmgrExpired extends EventBase {
  kind: 'qmgr.expired';
  queueId: string;
  from: string;
  forced: boolean;
}

/**
 * One recipient's delivery attempt, logged by every delivery agent (global/log_adhoc.c):
 *   `smtp: 4B7C21A0F3: to=<bob@example.net>, orig_to=<bob@alias.example>, relay=mx.example.net[192.0.2.7]:25,
 *    conn_use=2, delay=1.2, delays=0.01/0/0.5/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9ABCDEF)`
 */
export interface Delivery extends EventBase {
  kind: 'delivery';
  queueId: string;
  to: string;
  origTo?: string;
  relay: Peer;
  connUse?: number;
  delay: number;
  delays?: Delays;
  tls?: string;
  dsn: string;
  status: DeliveryStatus;
  /** The parenthesised text after the status, without the parentheses. */
  reply: string;
  /** `queued as NEWID` from a 250 reply: the next queue id of this message (content filter or next hop). */
  queuedAs?: string;
}

/**
 * A non-final remark about a delivery that carries no status (Postfix tries another MX or connection):
 *   `smtp: 4B7C21A0F3: host mx1.example.net[192.0.2.7] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)`
 *   `smtp: 4B7C21A0F3: host mx1.example.net[192.0.2.7] refused to talk to me: 554 5.7.1 …`
 *   `smtp: 4B7C21A0F3: lost connection with mx1.example.net[192.0.2.7] while receiving the initial server greeting`
 *   `smtp: 4B7C21A0F3: conversation with mx1.example.net[192.0.2.7] timed out while sending end of data`
 */
export interface SmtpConversation extends EventBase {
  kind: 'smtp.conversation';
  queueId: string;
  peer: Peer;
  /** Which remark: `said`/`refused` carry the server's reply; `lost-connection`/`timed-out` say while doing what. */
  remark: 'said' | 'refused' | 'lost-connection' | 'timed-out' | 'sasl';
  /** The text after the remark: `421 4.7.0 Try again later (in reply to MAIL FROM command)`, `sending end of data`. */
  reply: string;
}

/** `smtp: connect to mx.example.net[192.0.2.7]:25: Connection refused` — no queue id (Postfix tries the next MX). */
export interface SmtpConnectFailed extends EventBase {
  kind: 'smtp.connect-failed';
  peer: Peer;
  reason: string;
}

/**
 * A TLS failure the SMTP client logs before (or instead of) a delivery line, with or without a queue id:
 *   `smtp: certificate verification failed for mx.example.net[192.0.2.7]:25: self-signed certificate`
 *   `smtp: SSL_connect error to mx.example.net[192.0.2.7]:25: lost connection`
 *   `smtp: 4B7C21A0F3: Cannot start TLS: handshake failure`, `smtp: warning: TLS library problem: error:0A000086:…`
 */
export interface SmtpTlsFailed extends EventBase {
  kind: 'smtp.tls-failed';
  queueId?: string;
  peer?: Peer;
  /** The text after the queue id (the whole remark). */
  reason: string;
}

/**
 * `bounce: 4B7C21A0F3: sender non-delivery notification: 5D8E9F0A1B`
 * `bounce: 4B7C21A0F3: sender delay notification: 5D8E9F0A1B`
 * `bounce: 4B7C21A0F3: sender delivery status notification: 5D8E9F0A1B` (success DSN)
 * `bounce: 4B7C21A0F3: postmaster non-delivery notification: 5D8E9F0A1B`
 */
export interface BounceNotification extends EventBase {
  kind: 'bounce.notification';
  queueId: string;
  notification: 'non-delivery' | 'delay' | 'delivery-status' | 'postmaster-non-delivery';
  newQueueId: string;
}

/** `postsuper: 4B7C21A0F3: removed` / `placed on hold` / `released from hold` / `requeued` / `expired`. */
export interface PostsuperAction extends EventBase {
  kind: 'postsuper.action';
  queueId: string;
  action: 'removed' | 'hold' | 'released' | 'requeued' | 'expired';
}

/** `<any program>: warning|error|fatal|panic: text` — e.g. `master: warning: process /usr/lib/postfix/sbin/smtp pid 42 killed by signal 9`. */
export interface Warning extends EventBase {
  kind: 'warning';
  severity: 'warning' | 'error' | 'fatal' | 'panic';
  queueId?: string;
  message: string;
}

import type { InboundTrouble, PostfixLife } from './side-events.js';

export type { InboundTrouble, PostfixLife, TroubleKind } from './side-events.js';

export type PostfixEvent =
  | SmtpdConnect
  | SmtpdDisconnect
  | SmtpdClient
  | SmtpdReject
  | PickupUid
  | CleanupMessageId
  | CleanupAction
  | QmgrQueued
  | QmgrRemoved
  | QmgrExpired
  | Delivery
  | SmtpConversation
  | SmtpConnectFailed
  | SmtpTlsFailed
  | InboundTrouble
  | PostfixLife
  | BounceNotification
  | PostsuperAction
  | Warning
  // Programs beside Postfix (check-events.ts): milters, policy services, content filters, the mailbox server.
  | Check
  | CheckNote
  | Store;

/** A known Postfix program logged something mtatrace deliberately does not model (`statistics: …`, TLS chatter). */
export interface Ignored {
  kind: 'ignored';
  /** Why: `foreign` (not a Postfix tag), or `<program>` for a known-but-unmodelled Postfix line. */
  reason: string;
}

/** A Postfix line that should have parsed and did not; counted with its reason, never thrown. */
export interface Unparsed {
  kind: 'unparsed';
  program: string;
  reason: string;
  text: string;
}

export type ParseResult = PostfixEvent | Ignored | Unparsed;
