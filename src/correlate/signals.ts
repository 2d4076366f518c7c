/**
 * signals — what the correlator tells the outputs, in the order things happened.
 *
 * Each signal is a finished phase of a message: `received` (the receive phase ended when qmgr queued it), one
 * `attempt` per delivery line, a message-level `state` change (held, released, deleted, expired, discarded,
 * rejected), `completed` once per recipient when its fate is final, and `finished` when the queue id's lifecycle
 * ends; `checked`, `stored` (and `unattached`) for what the programs beside Postfix say about it. The otel stage turns them into spans, log records and NDJSON; the text sink into a timeline. (The
 * queue/alert watch says what it has to say with its own type, `WatchReport` in src/watch/watch.ts.)
 */
import type { Delivery, InboundTrouble, PostfixEvent, PostfixLife, SmtpConnectFailed, SmtpConversation, SmtpdReject, SmtpTlsFailed } from '../parse/postfix-events.js';
import type { Check, Store } from '../parse/check-events.js';
import type { Ended } from './hops.js';
import type { FinalStatus, Lifecycle, Recipient } from './lifecycle.js';

/** A cause verdict (see src/classify/classify.ts); kept structural so correlate does not depend on classify. */
export interface CauseVerdict {
  cause: string; rule: string; transient: boolean;
  /** The check (`dmarc`, `spf`, `dkim`) and program that explain it, when a verdict in the same log does (checks.ts). */
  check?: string; checkProgram?: string;
}

export type MessageChange = 'held' | 'released' | 'deleted' | 'expired' | 'discarded' | 'rejected';

export type Signal =
  /** `checks`: the verdicts given while it was being received (the receive span carries them as span events). */
  | { type: 'received'; lc: Lifecycle; timeUs: number; checks?: readonly Check[] }
  /** `stores`: what the mailbox server said about this delivery (its span carries them as span events). */
  | { type: 'attempt'; lc: Lifecycle; ev: Delivery; rcpt: Recipient; attempt: number; verdict?: CauseVerdict; stores?: readonly Store[] }
  | { type: 'state'; lc: Lifecycle; change: MessageChange; ev: PostfixEvent; verdict?: CauseVerdict }
  | {
    type: 'completed'; lc: Lifecycle; rcpt: Recipient | undefined; status: FinalStatus; timeUs: number;
    cause?: string; causeRule?: string; transient?: boolean; lastCause?: string;
    /** The check that explains the failure (checks.ts), when one does. */
    check?: string; checkProgram?: string;
  }
  | { type: 'finished'; lc: Lifecycle; timeUs: number; incomplete: boolean }
  | { type: 'smtpd-rejected'; ev: SmtpdReject; verdict?: CauseVerdict }
  /** A milter, policy service or content filter judged this message (checks.ts). */
  | { type: 'checked'; lc: Lifecycle; check: Check; duringReceive?: boolean }
  /** The mailbox server stored (or refused, discarded, forwarded) this message, found by its Message-ID. */
  | { type: 'stored'; lc: Lifecycle; store: Store; attempt?: { to: string; n: number } }
  /** A verdict or store whose message is no longer live: on that ended message's trace (`ended`), or on none found. */
  | { type: 'unattached'; ended?: Ended; item: Check | Store }
  /** The SMTP client's word on a failure without `status=` (non-final MX, TLS, SASL, connect); `of` the lifecycle when its queue id is live (not `lc`: it is not a phase of that message). */
  | { type: 'remark'; ev: SmtpConversation | SmtpConnectFailed | SmtpTlsFailed; of: Lifecycle | undefined; verdict?: CauseVerdict }
  /** Trouble with an SMTP client that is no reject (parse/inbound.ts). */
  | { type: 'inbound'; ev: InboundTrouble }
  /** Postfix itself started, reloaded or stopped (master, postfix-script). */
  | { type: 'life'; ev: PostfixLife };
