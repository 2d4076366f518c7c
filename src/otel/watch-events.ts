/**
 * watch-events — the watch's reports (alerts, queue reconciliations) → events (NDJSON lines, OTLP log records).
 *
 *   {"time":"2026-11-26T10:20:00.100000Z","event":"mta.alert","host.name":"mx1","mta.alert":"delivery_stalled",
 *    "mta.alert.state":"firing","mta.alert.value":15,"mta.alert.deferrals":15,"mta.cause":"connection_refused",…}
 * Severity: a firing `delivery_stalled` or `log_silence` is ERROR (mail is not moving, or nobody can tell),
 * other firing alerts WARN, `resolved` INFO. No trace id: an alert is about a host, not a message.
 */
import type { AlertChange } from '../watch/alerts.js';
import type { QueuePicture, Reconciliation } from '../watch/queues.js';
import { QUEUE_NAMES } from '../watch/queues.js';
import type { WatchReport } from '../watch/watch.js';
import type { EventOut, Severity } from './model.js';
import { ATTRS as A, EVENTS } from './semconv.js';

const rfc3339 = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

function severity(c: AlertChange): Severity {
  if (c.state === 'resolved') return 'INFO';
  return c.alert === 'delivery_stalled' || c.alert === 'log_silence' ? 'ERROR' : 'WARN';
}

/** The events of one report of the watch (src/watch/watch.ts). */
export function watchEvents(r: WatchReport): EventOut[] {
  return r.type === 'alert' ? [alertEvent(r.change, r.queues)] : reconciledEvents(r.rec);
}

function alertEvent(c: AlertChange, q: QueuePicture): EventOut {
  const queueAlert = c.alert === 'queue_depth_high' || c.alert === 'delivery_stalled';
  return {
    name: EVENTS.alert.name, timeUs: c.timeUs, host: c.host, severity: severity(c), body: c.text,
    attrs: {
      [A.system.name]: 'postfix',
      [A.alert.name]: c.alert,
      [A.alertState.name]: c.state,
      [A.alertReason.name]: c.reason,
      [A.alertValue.name]: c.value,
      [A.alertThreshold.name]: c.threshold,
      [A.alertWindow.name]: c.windowS,
      [A.alertDeferrals.name]: c.deferrals,
      [A.alertRepeat.name]: c.repeat,
      [A.alertSince.name]: c.repeat > 0 || c.state === 'resolved' ? rfc3339(c.sinceUs) : undefined,
      [A.cause.name]: c.cause,
      [A.relay.name]: c.relay,
      [A.domain.name]: c.domain,
      [A.queueExactSince.name]: queueAlert ? rfc3339(q.exactSinceUs) : undefined,
    },
  };
}

/** One event per queue whose listed count differs from the log-derived one. */
function reconciledEvents(r: Reconciliation): EventOut[] {
  return QUEUE_NAMES.filter((q) => r.difference[q] !== 0).map((q) => ({
    name: EVENTS.queueReconciled.name, timeUs: r.atUs, host: r.host, severity: 'INFO' as const,
    body: `${q} queue: ${r.listed[q]} listed, ${r.derived[q]} derived from the log`,
    attrs: { [A.system.name]: 'postfix', [A.queue.name]: q, [A.queueListed.name]: r.listed[q], [A.queueDerived.name]: r.derived[q] },
  }));
}
