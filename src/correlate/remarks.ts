/**
 * remarks — what the SMTP client said about a delivery before its `status=` line, kept per process, so the
 * deferral or bounce that follows can use it when its own text says less.
 *
 *   `smtp[4101]: connect to mx1.example.net[192.0.2.7]:25: Connection timed out`              (no queue id)
 *   `smtp[4101]: 4B7C21A0F3: host mx2.example.net[192.0.2.8] refused to talk to me: 421 4.3.2 …`
 *   `smtp[4101]: 4B7C21A0F3: to=<bob@example.net>, relay=none, …, dsn=4.4.1, status=deferred (connect to …)`
 * One smtp(8)/lmtp(8) process delivers one queue id's recipients for one destination at a time
 * (smtp/smtp_connect.c walks the MX list, logging each failure, then writes the delivery lines), so
 * "same host, same pid, within a few minutes, same queue id when the remark has one" is "same delivery".
 *
 * "Says less": the delivery line's own verdict is `unknown` or came only from its enhanced code (`dsn-*`).
 *
 * Limits: remembered for `WINDOW_US` of log time and for at most `MAX` processes; not checkpointed (a restart
 * between a remark and its delivery line loses the hint, never a line).
 */
import type { SmtpConnectFailed, SmtpConversation, SmtpTlsFailed } from '../parse/postfix-events.js';
import { BoundedMap } from '../memory/bounded-map.js';
import type { Ops } from './outcomes.js';
import type { CauseVerdict } from './signals.js';

/** smtp_connect_timeout (30 s) × a few MX hosts, plus the greeting and TLS timeouts: 10 minutes is ample. */
const WINDOW_US = 10 * 60e6;
const MAX = 4096;

interface Remark { queueId: string | undefined; verdict: CauseVerdict; timeUs: number }

export class Remarks {
  readonly #byProcess = new BoundedMap<string, Remark>(MAX);

  /** A failure without `status=` (non-final MX, TLS, SASL, connect): its cause, and a hint for the delivery line. */
  remark(ops: Ops, ev: SmtpConversation | SmtpConnectFailed | SmtpTlsFailed): void {
    const verdict = ops.classify(ev);
    const queueId = 'queueId' in ev ? ev.queueId : undefined;
    this.note(ev.host, ev.pid, queueId, verdict, ev.timeUs);
    const lc = queueId === undefined ? undefined : ops.live(ev.host, queueId);
    if (lc && ev.timeUs > lc.lastUs) lc.lastUs = ev.timeUs;
    ops.emit({ type: 'remark', ev, of: lc, verdict });
  }

  /** Remember the latest classified remark of this process (the last MX tried is the most telling). */
  note(host: string, pid: number | undefined, queueId: string | undefined, verdict: CauseVerdict | undefined, timeUs: number): void {
    if (pid === undefined || verdict === undefined || verdict.cause === 'unknown') return;
    this.#byProcess.set(`${host}|${pid}`, { queueId, verdict, timeUs });
  }

  /**
   * The verdict a delivery line of this process should carry: its own, unless it says less than a fresh remark
   * of the same process (and queue id). A delivery line ends the remark either way.
   */
  verdictFor(host: string, pid: number | undefined, queueId: string, own: CauseVerdict | undefined, timeUs: number): CauseVerdict | undefined {
    if (pid === undefined || this.#byProcess.size === 0) return own;
    const k = `${host}|${pid}`;
    const r = this.#byProcess.get(k);
    if (r === undefined) return own;
    // Other recipients of the same delivery follow in the same second; keep the remark until its queue id changes.
    if (r.queueId !== undefined && r.queueId !== queueId) { this.#byProcess.delete(k); return own; }
    if (timeUs - r.timeUs > WINDOW_US || timeUs < r.timeUs - 1e6) { this.#byProcess.delete(k); return own; }
    if (r.queueId === undefined) r.queueId = queueId;
    if (own !== undefined && !saysLess(own)) return own;
    return { cause: r.verdict.cause, rule: r.verdict.rule, transient: own?.transient ?? r.verdict.transient };
  }
}

function saysLess(v: CauseVerdict): boolean {
  return v.cause === 'unknown' || v.rule.startsWith('dsn-');
}
