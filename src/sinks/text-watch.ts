/**
 * text-watch — the text summary's "Alerts" and "Queue at end of input" sections.
 *
 *   Alerts (log time, UTC):
 *     10:20:00.100  mx1  delivery_stalled  FIRING    15 messages waiting and no successful delivery for 15 min; …
 *     10:30:00.500  mx1  delivery_stalled  resolved  resolved after 10 min: a message was delivered again
 *   Queue at end of input (exact since each host's first line; …):
 *     mx1  incoming 0, active 0, deferred 25 (oldest 29 min), hold 0  — exact since 2026-11-26 10:00:00 UTC
 * Repeats are not listed, only counted on the line that resolves (or on the still-firing list).
 */
import type { AlertChange } from '../watch/alerts.js';
import { QUEUE_NAMES } from '../watch/queues.js';
import type { WatchSummary } from '../watch/watch.js';

const clock = (us: number): string => new Date(Math.floor(us / 1000)).toISOString().slice(11, 23);
const stamp = (us: number): string => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const age = (us: number): string => {
  const m = Math.round(us / 60e6);
  return m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`;
};

export function watchSection(w: WatchSummary | undefined): string[] {
  if (!w) return [];
  const out = ['', 'Alerts (log time, UTC):'];
  const shown = w.alerts.filter((c) => c.state === 'resolved' || c.repeat === 0);
  if (!shown.length) out.push('  none');
  for (const c of shown) {
    const repeats = c.state === 'resolved' && c.repeat ? ` (repeated ${c.repeat}×)` : '';
    out.push(`  ${clock(c.timeUs)}  ${c.host}  ${c.key}  ${c.state === 'firing' ? 'FIRING  ' : 'resolved'}  ${c.text}${repeats}`);
  }
  const open = new Map<string, AlertChange>();
  for (const c of w.alerts) {
    if (c.state === 'resolved') open.delete(`${c.host} ${c.key}`);
    else open.set(`${c.host} ${c.key}`, c);
  }
  if (open.size) out.push(`  still firing at end of input: ${[...open.values()].map((c) => `${c.key} on ${c.host} since ${clock(c.sinceUs)}`).join('; ')}`);
  if (w.queues.length) out.push('', 'Queue at end of input (exact since each host\'s first line; a message queued earlier counts once a line about it appeared):');
  for (const q of w.queues) {
    const parts = QUEUE_NAMES.map((n) => `${n} ${q.counts[n]}${q.oldestUs[n] !== undefined ? ` (oldest ${age(q.atUs - (q.oldestUs[n] as number))})` : ''}`);
    out.push(`  ${q.host}  ${parts.join(', ')}  — exact since ${stamp(q.exactSinceUs)}`);
  }
  return out;
}
