/**
 * check-events — the vocabulary of the programs beside Postfix: milters, policy services, content filters and
 * the mailbox server give a verdict on a message (`Check`) or say where it was stored (`Store`).
 *
 *   `opendkim[289]: 4B7C21A0F3: DKIM verification successful`            → Check { check: dkim, result: pass }
 *   `amavis[11412]: (11412-17) Passed CLEAN {RelayedInbound}, … Queue-ID: 4B7C21A0F3, …, 96 ms` → Check { content, clean }
 *   `dovecot: lmtp(bob@example.org)<1108><2hVd…>: msgid=<x@example.net>: saved mail to INBOX` → Store
 * Results are closed sets per kind (CHECK_RESULTS): authentication results are RFC 8601's (`pass`, `fail`,
 * `none`, `neutral`, `softfail`, `temperror`, `permerror`, plus `policy` for DMARC) with `signed` for our own
 * DKIM signature; content filters say `clean`, `spam`, `virus`, `banned`, `bad_header`, `oversized`,
 * `unchecked`, `other`; a greylisting policy says `greylisted` or `pass`.
 *
 * Limits: only verdicts are events; a program's chatter (TIMING lines, connects, logins) is Ignored, and a line
 * that adds detail to a verdict (OpenDKIM's `s=… d=… SSL`) is a `CheckNote`.
 */
import type { EventBase } from './event-base.js';

export const CHECK_RESULTS = {
  dkim: ['pass', 'fail', 'none', 'neutral', 'temperror', 'permerror', 'signed'],
  dmarc: ['pass', 'fail', 'none', 'temperror', 'permerror', 'policy'],
  spf: ['pass', 'fail', 'none', 'neutral', 'softfail', 'temperror', 'permerror'],
  content: ['clean', 'spam', 'virus', 'banned', 'bad_header', 'oversized', 'unchecked', 'other'],
  greylist: ['greylisted', 'pass'],
} as const;

export type CheckKind = keyof typeof CHECK_RESULTS;
export type CheckResult = (typeof CHECK_RESULTS)[CheckKind][number];

/** Which way the message was going, when the program says so (OpenDKIM signs outbound, verifies inbound). */
export type Direction = 'inbound' | 'outbound' | 'internal';

/** One verdict on one message. `queueId` when the program logs Postfix's queue id (milters, amavis `Queue-ID:`). */
export interface Check extends EventBase {
  kind: 'check';
  check: CheckKind;
  result: CheckResult;
  queueId?: string;
  direction?: Direction;
  /** The domain the verdict is about: DKIM `d=`, the DMARC From domain, the SPF envelope-from domain. */
  domain?: string;
  selector?: string;
  score?: number;
  /** Milliseconds the check took, when logged (amavis `96 ms`, rspamd `time: 123.4ms`). */
  durationMs?: number;
  /** What the program did besides judging: amavis `Passed`/`Blocked`, rspamd's action, postgrey's `action=`. */
  action?: string;
  messageId?: string;
  /** The queue id the filter re-injected the message as (amavis `queued_as:`). */
  queuedAs?: string;
  /** The SMTP client the verdict is about (policy services have no queue id: they join on client and sender). */
  clientAddress?: string;
  sender?: string;
  recipients?: string[];
  /** The program's own words for the verdict (`bad signature data`, `Eicar-Signature`, the symbols). */
  reason?: string;
}

/** `opendkim: 4B7C21A0F3: s=mail d=example.net SSL error:…` — selector and domain of the verdict next to it. */
export interface CheckNote extends EventBase {
  kind: 'check.note';
  queueId: string;
  selector: string;
  domain: string;
  /** The SSL error text after `SSL`, when there is one. */
  error?: string;
}

/** Outcome of a mailbox delivery: saved to a folder, discarded by a filter, forwarded, or refused (quota). */
export type StoreOutcome = 'saved' | 'discarded' | 'forwarded' | 'failed';

/** `dovecot: lmtp(bob@example.org)<1108><2hVd…>: msgid=<x@example.net>: saved mail to INBOX`. */
export interface Store extends EventBase {
  kind: 'store';
  outcome: StoreOutcome;
  /** The mailbox user (Dovecot's `lmtp(user)`), usually the recipient address. */
  user: string;
  /** The Message-ID without its angle brackets, as cleanup logs it. */
  messageId: string;
  folder?: string;
  /** `sieve` when a Sieve script decided, else the protocol (`lmtp`, `lda`). */
  via: string;
  reason?: string;
}
