/**
 * signals — what the correlator tells the outputs, in the order things happened.
 *
 * Each signal is a finished phase of a message: `received` (the receive phase ended when qmgr queued it), one
 * `attempt` per delivery line, a message-level `state` change (held, released, deleted, expired, discarded,
 * rejected), `completed` once per recipient when its fate is final, and `finished` when the queue id's lifecycle
 * ends. The otel stage turns them into spans, log records and NDJSON; the text sink into a timeline. (The
 * queue/alert watch says what it has to say with its own type, `WatchReport` in src/watch/watch.ts.)
 */
import type { Delivery, PostfixEvent, SmtpdReject } from '../parse/postfix-events.js';
import type { FinalStatus, Lifecycle, Recipient } from './lifecycle.js';

/** A cause verdict (see src/classify/classify.ts); kept structural so correlate does not depend on classify. */
export interface CauseVerdict { cause: string; rule: string; transient: boolean }

export type MessageChange = 'held' | 'released' | 'deleted' | 'expired' | 'discarded' | 'rejected';

export type Signal =
  | { type: 'received'; lc: Lifecycle; timeUs: number }
  | { type: 'attempt'; lc: Lifecycle; ev: Delivery; rcpt: Recipient; attempt: number; verdict?: CauseVerdict }
  | { type: 'state'; lc: Lifecycle; change: MessageChange; ev: PostfixEvent; verdict?: CauseVerdict }
  | {
    type: 'completed'; lc: Lifecycle; rcpt: Recipient | undefined; status: FinalStatus; timeUs: number;
    cause?: string; causeRule?: string; transient?: boolean; lastCause?: string;
  }
  | { type: 'finished'; lc: Lifecycle; timeUs: number; incomplete: boolean }
  | { type: 'smtpd-rejected'; ev: SmtpdReject; verdict?: CauseVerdict };
