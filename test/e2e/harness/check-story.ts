/**
 * check-story — compares mtatrace's story of one tagged message (story.ts) with what the scenario expects
 * and returns every difference as a sentence (`bounce-user-unknown: nobody@unknown.test status bounced ≠ deferred`);
 * an empty list means mtatrace told the truth.
 *
 * Checked: the message-level events (held, released, deleted, expired, …), final status of each recipient, its cause / last cause / earlier deferral causes, the original
 * recipient of alias expansions, the number of queue ids, that all queue ids share one trace (a filter hop is
 * one trace, not two messages) with a single entry, and that an NDR exists, is a separate trace, and points back.
 *
 * Limits: pure; NOQUEUE rejects have no trace to check.
 */
import type { Scenario } from '../scenarios.js';
import type { MessageStory } from './story.js';

export function checkStory(s: Scenario, m: MessageStory | undefined): string[] {
  const bad: string[] = [];
  const say = (what: string): void => { bad.push(`${s.tag}: ${what}`); };
  if (!m) return [`${s.tag}: no story`];
  for (const x of s.expect) {
    const r = m.recipients.get(x.rcpt);
    if (!r) { say(`${x.rcpt} has no outcome`); continue; }
    if (r.status !== x.status) say(`${x.rcpt} status ${String(r.status)} ≠ expected ${x.status}`);
    if (x.cause !== undefined && r.cause !== x.cause) say(`${x.rcpt} cause ${String(r.cause)} ≠ expected ${x.cause}`);
    if (x.lastCause !== undefined && r.lastCause !== x.lastCause) say(`${x.rcpt} last cause ${String(r.lastCause)} ≠ expected ${x.lastCause}`);
    for (const c of x.deferCauses ?? []) {
      if (!r.deferCauses.includes(c)) say(`${x.rcpt} deferral causes [${r.deferCauses.join(', ')}] lack ${c}`);
    }
    if (x.origRcpt !== undefined && r.origRcpt !== x.origRcpt) say(`${x.rcpt} orig recipient ${String(r.origRcpt)} ≠ ${x.origRcpt}`);
  }
  for (const ev of s.events ?? []) if (!m.events.has(ev)) say(`no ${ev} event`);
  if (m.queueIds.size !== s.queueIds) say(`${m.queueIds.size} queue ids ≠ expected ${s.queueIds}`);
  if (s.queueIds > 0) {
    if (m.traceIds.size !== 1) say(`${m.traceIds.size} traces ≠ 1 (${[...m.traceIds].join(', ')})`);
    // Mail rejected or discarded by cleanup never reaches the queue manager: no received event is fine.
    const neverQueued = s.expect.every((x) => x.status === 'rejected' || x.status === 'discarded');
    if (m.entries !== 1 && !(neverQueued && m.entries === 0)) say(`${m.entries} mta.message.received without mta.hop ≠ 1`);
  }
  if (s.ndr) {
    if (m.ndrs.length === 0) say('no NDR linked back through mta.orig_queue_id');
    for (const n of m.ndrs) {
      if (m.traceIds.has(n.traceId)) say(`NDR ${n.traceId} shares the original's trace`);
      if (n.status !== 'delivered' || n.recipient !== 'root@mx1.e2e.test' && n.recipient !== 'root@mx2.e2e.test') {
        say(`NDR to the local sender ended ${String(n.status)} for ${String(n.recipient)}`);
      }
    }
  } else if (m.ndrs.length > 0) {
    say(`${m.ndrs.length} unexpected NDR(s)`);
  }
  return bad;
}
