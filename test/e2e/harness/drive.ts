/**
 * drive — submits every scenario to a world, performs the queue operations (postsuper hold/release/delete),
 * and waits until the queue has settled: empty except the message held by header_checks.
 *
 * Queue operations act on what `postqueue -j` shows and are repeated until they take effect, because a message
 * moves between `deferred` and `active` on its own (postsuper cannot hold a message while it is being delivered).
 *
 * Limits: the settle deadline is a parameter; on timeout the queue listing is in the error message.
 */
import type { World } from './world.js';
import type { Scenario } from '../scenarios.js';
import type { QueueEntry } from './postfix-instance.js';
import { submit, message } from './smtp-client.js';
import { sleep } from './processes.js';

export interface DriveReport {
  submissions: Record<string, string[]>;
  queueIds: Record<string, string>;
  settledAfterMs: number;
}

async function submitOne(w: World, s: Scenario): Promise<string[]> {
  const data = message(s.tag, s.from, s.to, s.headers);
  if (s.via === 'sendmail') {
    await w.instance.sendmail(s.from, s.to, data);
    return ['sendmail ok'];
  }
  const port = s.via === 'smtp' ? w.ports.smtpd : w.ports.submission;
  const res = await submit({ port, localAddress: s.localAddress, from: s.from, to: s.to, data });
  return res.transcript;
}

type Phase = 'hold' | 'after-hold' | 'done';

function entryFor(q: QueueEntry[], rcpt: string): QueueEntry | undefined {
  return q.find((e) => e.recipients.some((r) => r.address === rcpt));
}

/** One poll of a hold-release / hold-delete step; returns the next phase. */
async function advance(w: World, s: Scenario, phase: Phase, q: QueueEntry[], ids: Record<string, string>): Promise<Phase> {
  const e = entryFor(q, s.to[0]);
  if (phase === 'hold') {
    if (!e) return 'hold';
    ids[s.tag] = e.queue_id;
    if (e.queue_name === 'hold') return 'after-hold';
    if (e.queue_name === 'deferred') await w.instance.postsuper('-h', e.queue_id).catch(() => undefined);
    return 'hold';
  }
  if (phase === 'after-hold') {
    if (!e) return 'done';
    if (s.step === 'hold-delete') {
      await w.instance.postsuper('-d', e.queue_id);
      return 'done';
    }
    await w.instance.postsuper('-H', e.queue_id);
    w.gmail.openGate();
    await w.instance.kick(e.queue_id).catch(() => undefined);
    return 'done';
  }
  return 'done';
}

export async function drive(w: World, scenarios: Scenario[], deadlineMs: number): Promise<DriveReport> {
  const t0 = Date.now();
  const submissions: Record<string, string[]> = {};
  const ids: Record<string, string> = {};
  for (const s of scenarios) submissions[s.tag] = await submitOne(w, s);
  const phases = new Map<Scenario, Phase>(scenarios.filter((s) => s.step).map((s) => [s, 'hold']));
  const heldForever = new Set(scenarios.filter((s) => s.expect.some((x) => x.status === 'held')).map((s) => s.to[0]));
  let q: QueueEntry[] = [];
  while (Date.now() - t0 < deadlineMs) {
    q = await w.instance.queue();
    for (const [s, phase] of phases) phases.set(s, await advance(w, s, phase, q, ids));
    const stepsDone = [...phases.values()].every((p) => p === 'done');
    const rest = q.filter((e) => !(e.queue_name === 'hold' && e.recipients.every((r) => heldForever.has(r.address))));
    if (stepsDone && rest.length === 0) return { submissions, queueIds: ids, settledAfterMs: Date.now() - t0 };
    await sleep(500);
  }
  throw new Error(`queue did not settle within ${deadlineMs} ms: ${JSON.stringify(q.map((e) => [e.queue_name, e.queue_id, e.recipients.map((r) => r.address)]))}`);
}
