/**
 * story — what mtatrace's NDJSON says happened to each tagged test message, for comparison with scenarios.ts.
 *
 * Input: the events of `mtatrace --once --output json` (flat keys, e.g.
 *   `{"event":"mta.recipient.completed","trace_id":"a564…","mta.queue_id":"86A9D20C258","mta.message_id":"delivered@e2e.mtatrace.test","mta.recipient":"a@ok.test","mta.status":"delivered",…}`).
 * Output per tag: trace ids, queue ids, number of `mta.message.received` without `mta.hop`, and per recipient the
 * final status/cause/last cause and the causes of earlier deferrals; plus the NDRs whose `mta.orig_queue_id`
 * points at one of the message's queue ids. NOQUEUE rejects carry no Message-ID and are matched by recipient.
 *
 * Limits: pure; assumes tags are unique Message-ID local parts (`<tag@e2e.mtatrace.test>`).
 */
import type { Scenario } from '../scenarios.js';

export type Ev = Record<string, unknown> & { event: string };

export interface RecipientStory {
  status?: string;
  cause?: string;
  lastCause?: string;
  origRcpt?: string;
  deferCauses: string[];
  /** How many `mta.recipient.completed` events this recipient got (one per hop). */
  completions: number;
}

export interface MessageStory {
  traceIds: Set<string>;
  queueIds: Set<string>;
  /** `mta.message.received` events without `mta.hop` (the message entering Postfix, not a re-injection). */
  entries: number;
  recipients: Map<string, RecipientStory>;
  /** Every event name emitted for the message. */
  events: Set<string>;
  ndrs: { traceId: string; origQueueId: string; recipient?: string; status?: string; linkedTraceId?: unknown }[];
}

export const tagOf = (messageId: unknown): string | undefined =>
  typeof messageId === 'string' ? /^<?([^@>]+)@e2e\.mtatrace\.test>?$/.exec(messageId)?.[1] : undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseNdjson(text: string): Ev[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Ev);
}

function recipient(m: MessageStory, rcpt: string): RecipientStory {
  let r = m.recipients.get(rcpt);
  if (!r) m.recipients.set(rcpt, (r = { deferCauses: [], completions: 0 }));
  return r;
}

/** Builds a story for every tag of `scenarios` from one run's events. */
export function stories(events: Ev[], scenarios: Scenario[]): Map<string, MessageStory> {
  const out = new Map<string, MessageStory>(scenarios.map((s) => [s.tag, {
    traceIds: new Set<string>(), queueIds: new Set<string>(), entries: 0, recipients: new Map(), ndrs: [], events: new Set<string>(),
  }]));
  const byQueueId = new Map<string, MessageStory>();
  for (const e of events) {
    const m = out.get(tagOf(e['mta.message_id']) ?? '');
    if (!m) continue;
    m.events.add(e.event);
    if (str(e.trace_id)) m.traceIds.add(str(e.trace_id) as string);
    const qid = str(e['mta.queue_id']);
    if (qid) { m.queueIds.add(qid); byQueueId.set(qid, m); }
    const rcpt = str(e['mta.recipient']);
    if (e.event === 'mta.message.received' && e['mta.hop'] === undefined) m.entries++;
    if (e.event === 'mta.delivery.attempt' && rcpt && e['mta.status'] === 'deferred' && str(e['mta.cause'])) {
      recipient(m, rcpt).deferCauses.push(str(e['mta.cause']) as string);
    }
    if (e.event === 'mta.recipient.completed' && rcpt) {
      const r = recipient(m, rcpt);
      r.completions++;
      // With a filter hop the re-injected queue id's completion is the one that counts.
      if (r.status === undefined || e['mta.hop'] !== undefined) {
        Object.assign(r, { status: str(e['mta.status']), cause: str(e['mta.cause']), lastCause: str(e['mta.last_cause']), origRcpt: str(e['mta.orig_recipient']) });
      }
    }
  }
  // NOQUEUE / partial rejects: no Message-ID; match the scenario's recipients that expect `rejected`.
  for (const e of events.filter((x) => x.event === 'mta.smtpd.rejected')) {
    for (const s of scenarios) {
      const m = out.get(s.tag) as MessageStory;
      const qid = str(e['mta.queue_id']);
      if (qid !== undefined && !m.queueIds.has(qid)) continue;
      if (qid === undefined && s.queueIds !== 0) continue;
      const rcpt = str(e['mta.recipient']) ?? '';
      if (!s.expect.some((x) => x.rcpt === rcpt && x.status === 'rejected')) continue;
      Object.assign(recipient(m, rcpt), { status: 'rejected', cause: str(e['mta.cause']) });
    }
  }
  // NDRs: their own trace, pointing back through mta.orig_queue_id.
  for (const e of events.filter((x) => x.event === 'mta.message.received' && x['mta.notification'] !== undefined)) {
    const orig = str(e['mta.orig_queue_id']);
    const m = orig ? byQueueId.get(orig) : undefined;
    if (!m || !orig) continue;
    const done = events.find((x) => x.event === 'mta.recipient.completed' && x['mta.queue_id'] === e['mta.queue_id']);
    m.ndrs.push({
      traceId: str(e.trace_id) ?? '', origQueueId: orig, recipient: str(done?.['mta.recipient']), status: str(done?.['mta.status']),
      linkedTraceId: e['mta.parent_trace_id'] ?? e['mta.link.trace_id'],
    });
  }
  return out;
}
