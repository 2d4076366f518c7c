/**
 * pflogsumm — the peer's "Grand Totals" for a log, beside mtatrace's counts for the same log, to show where they
 * differ and why. pflogsumm's block looks like:
 *        24   received
 *        24   delivered
 *         9   deferred  (34  deferrals)
 * pflogsumm counts every `status=sent` line, so a content-filter hop is delivered twice; it has no "expired".
 *
 * Limits: reads only the message totals; pflogsumm (Debian package pflogsumm) must be installed.
 */
import { spawnSync } from 'node:child_process';
import type { Ev } from './story.js';

export const PFLOGSUMM = '/usr/sbin/pflogsumm';

export type Totals = Record<string, number>;

/** pflogsumm's Grand Totals (`received`, `delivered`, `deferred`, `bounced`, `rejected`, `held`, `discarded`, …). */
export function pflogsummTotals(file: string): Totals {
  const r = spawnSync(PFLOGSUMM, [file], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pflogsumm exited ${String(r.status)}: ${r.stderr}`);
  const grand = r.stdout.split(/\n\s*\n/).find((block) => /^\s+\d+\s+received$/m.test(block)) ?? '';
  const totals: Totals = {};
  for (const m of grand.matchAll(/^\s+(\d+)\s+([a-z]+)/gm)) totals[m[2]] = Number(m[1]);
  return totals;
}

/** The same totals from mtatrace's events: final recipient outcomes, filter hops, NOQUEUE rejects. */
export function mtatraceTotals(events: Ev[]): Totals {
  const count = (pred: (e: Ev) => boolean): number => events.filter(pred).length;
  const done = (status: string) => (e: Ev): boolean => e.event === 'mta.recipient.completed' && e['mta.status'] === status;
  // A hand-off to the content filter is not a delivery: mtatrace completes the recipient only after the last hop,
  // and marks the re-injected queue id's arrival with mta.hop.
  return {
    delivered: count(done('delivered')),
    hops: count((e) => e.event === 'mta.message.received' && e['mta.hop'] === 'filter'),
    bounced: count(done('bounced')),
    expired: count(done('expired')),
    rejected: count(done('rejected')) + count((e) => e.event === 'mta.smtpd.rejected'),
    held: count(done('held')),
    discarded: count(done('discarded')),
  };
}
