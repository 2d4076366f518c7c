/**
 * outcomes — what ends or pauses a message other than a delivery: holds and releases, rejects and discards while
 * receiving, `postsuper` deletes and requeues, and expiry.
 *
 *   `cleanup: 4B7C21A0F3: hold: header Subject: URGENT wire transfer from local; from=<a@example.org> to=<b@example.org>: review`
 *   `smtpd: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 …; from=<a@b.example> to=<c@example.org> proto=ESMTP helo=<b>`
 *   `postsuper: 4B7C21A0F3: removed`          `qmgr: 4B7C21A0F3: from=<a@example.org>, status=expired, returned to sender`
 * These functions work through the tracker's `Ops` (tracker.ts keeps the lifecycles and the bookkeeping).
 *
 * Limits: a reject at RCPT with a queue id refuses that recipient only; the message lives on and the reject is an
 * `mta.smtpd.rejected` event without a trace (the trace id may still change when the Message-ID arrives).
 */
import type { CleanupAction, PostfixEvent, PostsuperAction, QmgrExpired, SmtpdReject } from '../parse/postfix-events.js';
import { addRecipient, findRecipient, type FinalStatus, type Input, type Lifecycle, type Recipient } from './lifecycle.js';
import type { CauseVerdict, Signal } from './signals.js';

/** The tracker's operations that outcomes need. */
export interface Ops {
  open(host: string, queueId: string, timeUs: number, input: Input): Lifecycle | undefined;
  existing(host: string, queueId: string): Lifecycle | undefined;
  live(host: string, queueId: string): Lifecycle | undefined;
  move(lc: Lifecycle, input: Input, timeUs: number): void;
  emit(s: Signal): void;
  received(lc: Lifecycle, timeUs: number): void;
  finish(lc: Lifecycle, timeUs: number, incomplete: boolean, requeued?: boolean): void;
  classify(ev: PostfixEvent): CauseVerdict | undefined;
}

type Change = 'held' | 'rejected' | 'discarded';

const CLEANUP_CHANGE: Partial<Record<CleanupAction['action'], Change>> = {
  hold: 'held', 'milter-hold': 'held', reject: 'rejected', 'milter-reject': 'rejected', discard: 'discarded', 'milter-discard': 'discarded',
};

export function cleanupAction(ops: Ops, ev: CleanupAction): void {
  const change = CLEANUP_CHANGE[ev.action];
  if (!change) return;
  const lc = ops.open(ev.host, ev.queueId, ev.timeUs, change === 'held' ? 'hold' : 'message-id');
  if (lc) messageOutcome(ops, lc, change, ev, ev.to);
}

export function reject(ops: Ops, ev: SmtpdReject): void {
  const verdict = ev.action.endsWith('reject') ? ops.classify(ev) : undefined;
  const lc = ev.queueId ? ops.live(ev.host, ev.queueId) : undefined;
  // With a queue id and at end of message, the whole message is refused; at RCPT only that recipient is.
  if (lc && (ev.stage === 'END-OF-MESSAGE' || ev.stage === 'DATA' || !ev.action.endsWith('reject'))) {
    const change = ev.action.endsWith('hold') ? 'held' : ev.action.endsWith('discard') ? 'discarded' : 'rejected';
    messageOutcome(ops, lc, change, ev, ev.to, verdict);
    return;
  }
  ops.emit({ type: 'smtpd-rejected', ev, verdict });
}

export function expired(ops: Ops, ev: QmgrExpired): void {
  const lc = ops.open(ev.host, ev.queueId, ev.timeUs, 'expired');
  if (!lc) return;
  lc.sender ??= ev.from;
  ops.move(lc, 'expired', ev.timeUs);
  const verdict = ops.classify(ev);
  ops.emit({ type: 'state', lc, change: 'expired', ev, verdict });
  lc.failed = true;
  completeAll(ops, lc, 'expired', ev.timeUs, verdict);
}

export function postsuper(ops: Ops, ev: PostsuperAction): void {
  const lc = ops.existing(ev.host, ev.queueId) ?? (ev.action === 'hold' ? ops.open(ev.host, ev.queueId, ev.timeUs, 'hold') : undefined);
  if (!lc) return;
  switch (ev.action) {
    case 'removed':
      ops.move(lc, 'deleted', ev.timeUs);
      ops.emit({ type: 'state', lc, change: 'deleted', ev });
      completeAll(ops, lc, 'deleted', ev.timeUs);
      ops.finish(lc, ev.timeUs, false);
      return;
    case 'hold':
      ops.move(lc, 'hold', ev.timeUs);
      ops.emit({ type: 'state', lc, change: 'held', ev });
      return;
    case 'released':
      ops.move(lc, 'released', ev.timeUs);
      ops.emit({ type: 'state', lc, change: 'released', ev });
      return;
    case 'requeued':
      ops.move(lc, 'requeued', ev.timeUs);
      ops.finish(lc, ev.timeUs, false, true);
      return;
    default:
      return;
  }
}

function messageOutcome(ops: Ops, lc: Lifecycle, change: Change, ev: CleanupAction | SmtpdReject, to?: string, verdict = change === 'rejected' ? ops.classify(ev) : undefined): void {
  ops.move(lc, change === 'held' ? 'hold' : change, ev.timeUs);
  if (change === 'held') ops.received(lc, ev.timeUs);
  ops.emit({ type: 'state', lc, change, ev, verdict });
  if (to !== undefined && !findRecipient(lc, to)) addRecipient(lc, { to, attempts: 0 });
  if (change === 'held') return;
  if (change === 'rejected') lc.failed = true;
  completeAll(ops, lc, change, ev.timeUs, verdict);
  ops.finish(lc, ev.timeUs, false);
}

/** One recipient's final status (`mta.recipient.completed`); for `expired`, the last deferral's cause goes along. */
export function complete(ops: Pick<Ops, 'emit'>, lc: Lifecycle, rcpt: Recipient | undefined, status: FinalStatus, timeUs: number, verdict?: CauseVerdict): void {
  if (rcpt) rcpt.final = status;
  ops.emit({
    type: 'completed', lc, rcpt, status, timeUs,
    cause: verdict?.cause ?? (status === 'bounced' ? rcpt?.cause : undefined),
    causeRule: verdict?.rule, transient: verdict?.transient, lastCause: status === 'expired' ? rcpt?.cause : undefined,
    ...(verdict?.check ? { check: verdict.check, checkProgram: verdict.checkProgram } : {}),
  });
}

/** Every recipient without a final status gets `status`; a message with no known recipient gets one event. */
export function completeAll(ops: Pick<Ops, 'emit'>, lc: Lifecycle, status: FinalStatus, timeUs: number, verdict?: CauseVerdict): void {
  let any = false;
  for (const r of lc.recipients) {
    if (r.final) continue;
    any = true;
    complete(ops, lc, r, status, timeUs, verdict);
  }
  if (!any && lc.recipients.length === 0) complete(ops, lc, undefined, status, timeUs, verdict);
}
