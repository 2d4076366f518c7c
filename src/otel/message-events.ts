/**
 * events — correlator signals → structured events (NDJSON lines and OTLP log records share this shape).
 *
 * One event per state change: `mta.message.received`, `mta.delivery.attempt` (per recipient and attempt),
 * `mta.message.held|released|deleted|expired|discarded|rejected`, `mta.smtpd.rejected` (NOQUEUE), one
 * `mta.recipient.completed` per recipient with its final status, and `mta.message.checked`/`stored` for the
 * verdicts and stores of the programs beside Postfix (built in checks.ts). Every event of a message carries its trace id
 * and the id of the span it belongs to, so Loki/Elastic can jump to the trace.
 *
 * Severity: INFO for success, WARN for deferrals and holds, ERROR for bounces, expiries and rejects.
 */
import { attemptSpanKey, receiveSpanKey, rootSpanId, traceIdFor } from '../correlate/identity.js';
import { checkedEvent, storedEvent, unattachedEvent } from './checks.js';
import type { FinalStatus, Lifecycle } from '../correlate/lifecycle.js';
import type { CauseVerdict, MessageChange, Signal } from '../correlate/signals.js';
import type { CleanupAction, SmtpdReject } from '../parse/postfix-events.js';
import { spanIdOf } from '../correlate/ids.js';
import type { Attrs, EventOut, Severity } from './model.js';
import { ATTRS as A, EVENTS } from './semconv.js';
import { deliveryAttrs, messageAttrs } from './spans.js';

const CHANGE_EVENT: Record<MessageChange, { name: string; severity: Severity }> = {
  held: { name: EVENTS.held.name, severity: 'WARN' },
  released: { name: EVENTS.released.name, severity: 'INFO' },
  deleted: { name: EVENTS.deleted.name, severity: 'WARN' },
  expired: { name: EVENTS.expired.name, severity: 'ERROR' },
  discarded: { name: EVENTS.discarded.name, severity: 'WARN' },
  rejected: { name: EVENTS.rejected.name, severity: 'ERROR' },
};

const FINAL_SEVERITY: Record<FinalStatus, Severity> = {
  delivered: 'INFO', bounced: 'ERROR', expired: 'ERROR', rejected: 'ERROR', aborted: 'WARN',
  deleted: 'WARN', discarded: 'WARN', held: 'WARN', queued: 'WARN',
};

const NO_ATTRS: Attrs = Object.freeze({});
const causeAttrs = (v: CauseVerdict | undefined): Attrs => v ? {
  [A.cause.name]: v.cause, [A.causeTransient.name]: v.transient, [A.causeRule.name]: v.rule, [A.errorType.name]: v.cause,
  // The check that explains it (checks.ts), when a verdict in the same log does.
  [A.checkKind.name]: v.check, [A.checkProgram.name]: v.checkProgram,
} : NO_ATTRS;

/**
 * An event of one message: its ids and base attributes, then `parts` copied in order (a later part's key wins).
 * Built by assignment, not by `{ ...a, k: v }`: V8 clones a spread object and then adds keys one map transition
 * at a time, ~20× slower than copying into an object literal.
 */
function onMessage(lc: Lifecycle, name: string, timeUs: number, severity: Severity, body: string, spanId: string, ...parts: Attrs[]): EventOut {
  const attrs: Attrs = { [A.system.name]: 'postfix', [A.queueId.name]: lc.queueId, [A.messageId.name]: lc.messageId };
  for (const p of parts) Object.assign(attrs, p);
  return { name, timeUs, host: lc.host, traceId: traceIdFor(lc), spanId, severity, body, attrs };
}

function rejectAttrs(ev: SmtpdReject | CleanupAction): Attrs {
  return ev.kind === 'smtpd.reject'
    ? {
      [A.program.name]: ev.program, [A.rejectStage.name]: ev.stage, [A.clientAddress.name]: ev.client.address,
      [A.clientName.name]: ev.client.name, [A.sender.name]: ev.from, [A.recipient.name]: ev.to, [A.dsn.name]: ev.dsn, [A.reply.name]: ev.reply,
      [A.truncated.name]: ev.truncated,
    }
    : {
      [A.program.name]: ev.program, [A.rejectStage.name]: ev.what.split(' ')[0], [A.sender.name]: ev.from,
      [A.recipient.name]: ev.to, [A.dsn.name]: ev.dsn, [A.reply.name]: ev.reply,
    };
}

/** The events a signal produces. */
export function toEvents(s: Signal): EventOut[] {
  switch (s.type) {
    case 'received': {
      const { lc } = s;
      return [onMessage(lc, EVENTS.received.name, s.timeUs, 'INFO', '', rootSpanId(lc), messageAttrs(lc), {
        [A.clientAddress.name]: lc.client?.address, [A.clientName.name]: lc.client?.name,
        [A.program.name]: lc.origin, [A.incomplete.name]: lc.complete ? undefined : true,
      })];
    }
    case 'attempt': {
      const { lc, ev, verdict } = s;
      const severity: Severity = ev.status === 'sent' || ev.status === 'deliverable' ? 'INFO' : ev.status === 'deferred' || ev.status === 'SOFTBOUNCE' ? 'WARN' : 'ERROR';
      return [onMessage(lc, EVENTS.attempt.name, ev.timeUs, severity, ev.text, spanIdOf(attemptSpanKey(lc, ev.to, s.attempt)),
        deliveryAttrs(ev, s.attempt), causeAttrs(verdict))];
    }
    case 'state': {
      const { lc, ev, verdict } = s;
      const { name, severity } = CHANGE_EVENT[s.change];
      const extra = ev.kind === 'smtpd.reject' || ev.kind === 'cleanup.action' ? rejectAttrs(ev) : { [A.program.name]: ev.program };
      return [onMessage(lc, name, ev.timeUs, severity, ev.text, rootSpanId(lc), extra, causeAttrs(verdict))];
    }
    case 'completed': {
      const { lc, rcpt } = s;
      return [onMessage(lc, EVENTS.completed.name, s.timeUs, FINAL_SEVERITY[s.status], rcpt?.reply ?? '', rootSpanId(lc), {
        [A.sender.name]: lc.sender,
        [A.recipient.name]: rcpt?.to,
        [A.origRecipient.name]: rcpt?.origTo,
        [A.status.name]: s.status,
        [A.dsn.name]: rcpt?.dsn,
        [A.reply.name]: rcpt?.reply,
        [A.attempt.name]: rcpt?.attempts,
        [A.cause.name]: s.cause,
        [A.causeRule.name]: s.causeRule,
        [A.causeTransient.name]: s.transient,
        [A.lastCause.name]: s.lastCause,
        [A.errorType.name]: s.cause,
        [A.hop.name]: lc.hop?.kind,
        [A.notification.name]: lc.notice?.type,
        [A.checkKind.name]: s.check,
        [A.checkProgram.name]: s.checkProgram,
        // Still queued or held when the lifecycle was ended (end of input, --max-inflight, --idle-timeout).
        [A.incomplete.name]: s.status === 'queued' || s.status === 'held' ? true : undefined,
      })];
    }
    case 'smtpd-rejected': {
      const { ev, verdict } = s;
      return [{
        name: EVENTS.smtpdRejected.name, timeUs: ev.timeUs, host: ev.host, body: ev.text,
        severity: ev.code !== undefined && ev.code < 500 ? 'WARN' : 'ERROR',
        attrs: Object.assign({ [A.system.name]: 'postfix', [A.queueId.name]: ev.queueId }, rejectAttrs(ev), causeAttrs(verdict)),
      }];
    }
    case 'checked': {
      const { lc, check } = s;
      // Given while the message was received: on the receive span, which carries it as a span event too.
      const during = s.duringReceive === true && lc.complete && lc.receiveStartUs !== undefined;
      return [checkedEvent(lc, check, during ? spanIdOf(receiveSpanKey(lc)) : undefined)];
    }
    case 'stored': return [storedEvent(s.lc, s.store, s.attempt ? spanIdOf(attemptSpanKey(s.lc, s.attempt.to, s.attempt.n)) : undefined)];
    case 'unattached': return [unattachedEvent(s.item, s.ended)];
    case 'life': {
      const { ev } = s;
      return [{
        name: EVENTS.life.name, timeUs: ev.timeUs, host: ev.host, body: ev.text, severity: ev.action === 'stopped' || ev.action === 'stopping' ? 'WARN' : 'INFO',
        attrs: { [A.system.name]: 'postfix', [A.program.name]: ev.program, [A.lifeAction.name]: ev.action, [A.version.name]: ev.version },
      }];
    }
    case 'inbound': {
      const { ev } = s;
      return [{
        name: EVENTS.inbound.name, timeUs: ev.timeUs, host: ev.host, body: ev.text, severity: 'WARN',
        attrs: {
          [A.system.name]: 'postfix', [A.program.name]: ev.program, [A.trouble.name]: ev.trouble, [A.rejectStage.name]: ev.stage,
          [A.clientAddress.name]: ev.client?.address, [A.clientName.name]: ev.client?.name, [A.size.name]: ev.bytes,
          [A.dnsblRank.name]: ev.rank, [A.dnsblDomain.name]: ev.list,
        },
      }];
    }
    case 'remark': {
      const { ev, of: lc, verdict } = s;
      const peer = ev.peer;
      const attrs: Attrs = {
        [A.program.name]: ev.program, [A.serverAddress.name]: peer?.name, [A.peerAddress.name]: peer?.address,
        [A.serverPort.name]: peer?.port, [A.reply.name]: remarkReply(ev),
      };
      if (lc) return [onMessage(lc, EVENTS.remark.name, ev.timeUs, 'WARN', ev.text, rootSpanId(lc), attrs, causeAttrs(verdict))];
      return [{
        name: EVENTS.remark.name, timeUs: ev.timeUs, host: ev.host, body: ev.text, severity: 'WARN',
        attrs: Object.assign({ [A.system.name]: 'postfix', [A.queueId.name]: 'queueId' in ev ? ev.queueId : undefined }, attrs, causeAttrs(verdict)),
      }];
    }
    default:
      return [];
  }
}

function remarkReply(ev: Extract<Signal, { type: 'remark' }>['ev']): string {
  if (ev.kind === 'smtp.conversation') return ev.reply;
  return ev.reason;
}
