/**
 * aborts — queue ids Postfix threw away before they were ever queued, which no `removed` line will end:
 *
 *   `smtpd[2101]: 4B7C21A0F3: client=mail.example.org[192.0.2.1]`
 *   `smtpd[2101]: 4B7C21A0F3: reject: RCPT from …: 550 5.1.1 <x@example.org>: Recipient address rejected: …`
 *   `smtpd[2101]: disconnect from mail.example.org[192.0.2.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`
 *     → every RCPT refused or the client left before DATA: the file is discarded (smtpd/smtpd.c mail_reset);
 *       the lifecycle ends `aborted` (nothing was accepted, nothing is lost)
 *   `smtpd[2101]: warning: 4B7C21A0F3: queue file size limit exceeded`
 *     → the client got `552 5.3.4 Message size exceeds fixed limit` and the file is gone: ends `rejected`
 *       (message_too_large)
 * A session is the smtpd process (host, pid) between `connect` and `disconnect`; only queue ids still receiving
 * (no qmgr `queue active`) and only sessions with no successful DATA/BDAT at all are ended.
 *
 * Limits: a session with several transactions, some completed, leaves its unfinished queue id to
 * `--idle-timeout`; sessions are remembered for at most `MAX` smtpd processes and are not checkpointed.
 */
import type { SmtpdDisconnect, Warning } from '../parse/postfix-events.js';
import { BoundedMap } from '../memory/bounded-map.js';
import { completeAll, type Ops } from './outcomes.js';
import type { CauseVerdict } from './signals.js';

const MAX = 8192;

/** What smtpd's size-limit warning means; smtpd/smtpd.c answers `552 5.3.4 Message size exceeds fixed limit`. */
const SIZE_LIMIT: CauseVerdict = { cause: 'message_too_large', rule: 'queue-file-size-limit', transient: false };

export class Sessions {
  readonly #open = new BoundedMap<string, string[]>(MAX);

  /** smtpd `QID: client=`: the session of this process opened a queue file. */
  opened(host: string, pid: number | undefined, queueId: string): void {
    if (pid === undefined) return;
    const k = `${host}|${pid}`;
    const ids = this.#open.get(k);
    if (ids) ids.push(queueId);
    else this.#open.set(k, [queueId]);
  }

  /** smtpd `connect from`: a new session; what the previous one opened is forgotten. */
  connected(host: string, pid: number | undefined): void {
    if (pid !== undefined) this.#open.delete(`${host}|${pid}`);
  }

  /** smtpd `disconnect`: ends the queue ids of a session that never completed DATA. */
  disconnected(ops: Ops, ev: SmtpdDisconnect): void {
    if (ev.pid === undefined) return;
    const k = `${ev.host}|${ev.pid}`;
    const ids = this.#open.get(k);
    if (!ids) return;
    this.#open.delete(k);
    if (ev.dataOk !== 0) return;
    for (const queueId of ids) {
      const lc = ops.live(ev.host, queueId);
      if (!lc || lc.state !== 'received' || lc.queuedUs !== undefined) continue;
      ops.move(lc, 'rejected', ev.timeUs);
      completeAll(ops, lc, 'aborted', ev.timeUs);
      ops.finish(lc, ev.timeUs, false);
    }
  }
}

/** `warning: QID: queue file size limit exceeded` from smtpd (or cleanup): the message was refused. */
export function sizeLimit(ops: Ops, ev: Warning): boolean {
  if (ev.queueId === undefined || !ev.message.endsWith('queue file size limit exceeded')) return false;
  const lc = ops.live(ev.host, ev.queueId);
  if (!lc || lc.queuedUs !== undefined) return true;
  ops.move(lc, 'rejected', ev.timeUs);
  ops.emit({ type: 'state', lc, change: 'rejected', ev, verdict: SIZE_LIMIT });
  lc.failed = true;
  completeAll(ops, lc, 'rejected', ev.timeUs, SIZE_LIMIT);
  ops.finish(lc, ev.timeUs, false);
  return true;
}
