/**
 * replay — recognising a line that was already applied: rsyslog retries, journald re-reads, and the stretch of
 * log between the last checkpoint and a crash that is read again after a restart.
 *
 *   `Nov 27 10:00:01 mx1 postfix/smtp[9]: 4B7C21A0F3: to=<b@example.net>, …, status=deferred (…)` twice
 *   → the same signature `lineSig` (log time, pid, text), so the second copy is skipped.
 *
 * Three mechanisms: the tracker remembers the last 50 000 lines of any kind (`RecentLineSigs`), every lifecycle the
 * signatures of its last 32 lines (`Lifecycle.seen`: a message deferred for days logs two lines per retry), and
 * `Watermarks` remember, per host, the newest log time applied and the signatures at exactly that time. After
 * a restore, a line of that host older than its watermark (or at the watermark with a known signature) was
 * applied before the checkpoint and is skipped, until the first line newer than the watermark shows that the
 * replay has caught up.
 *
 * Limits: the signature is a 53-bit FNV-1a hash (collisions within one lifecycle are negligible). Two genuinely
 * identical lines in the same second from the same process (second-precision syslog) count as one.
 */
import type { Lifecycle } from './lifecycle.js';
import { RecentLineSigs } from '../memory/recent-line-sigs.js';

/**
 * A compact signature of one line: host, log time, pid and text, hashed in place (no string is built) into a
 * 53-bit number, which Sets and Maps hash far more cheaply than a string.
 */
export function lineSig(ev: { host: string; timeUs: number; pid?: number; text: string }): number {
  let h1 = Math.imul(0x811c9dc5 ^ (ev.timeUs % 0x100000000), 0x01000193);
  let h2 = Math.imul(0x01000193 ^ Math.floor(ev.timeUs / 0x100000000), 0x5bd1e995);
  h1 = Math.imul(h1 ^ (ev.pid ?? -1), 0x01000193);
  const { host, text } = ev;
  for (let i = 0; i < host.length; i++) h2 = Math.imul(h2 ^ host.charCodeAt(i), 0x5bd1e995);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** The newest log time applied for one host, and the signatures of the lines at exactly that time. */
export interface Watermark { host: string; us: number; sigs: number[] }

/** At most this many signatures are remembered for one instant (a flood of same-second lines). */
const MAX_SIGS = 10_000;
/** At most this many hosts are remembered (garbage host names in bad input must not grow memory). */
const MAX_HOSTS = 10_000;

class Watermarks {
  /** Per host: the newest time applied and the signatures at that time (reused as time moves on: no object per line). */
  readonly #last = new Map<string, { us: number; sigs: number[] }>();
  readonly #resume = new Map<string, { us: number; sigs: Set<number> }>();

  /**
   * True when this line was applied before the checkpoint this process was restored from. A newer line ends
   * the catching up for its host, unless it is one of the checkpoint's own waiting lines (`restored`), which
   * are fed first and say nothing about where the replay is.
   */
  replayed(host: string, us: number, sig: number, restored = false): boolean {
    const w = this.#resume.get(host);
    if (!w) return false;
    if (us < w.us || (us === w.us && w.sigs.has(sig))) return true;
    if (us > w.us && !restored) this.#resume.delete(host);
    return false;
  }

  note(host: string, us: number, sig: number): void {
    const last = this.#last.get(host);
    if (!last) {
      this.#last.set(host, { us, sigs: [sig] });
      if (this.#last.size > MAX_HOSTS) this.#last.delete(this.#last.keys().next().value as string);
    } else if (us > last.us) {
      last.us = us;
      last.sigs.length = 0;
      last.sigs.push(sig);
    } else if (us === last.us && last.sigs.length < MAX_SIGS) last.sigs.push(sig); // a copy is never applied twice
  }

  /** What a checkpoint keeps: per host the newer of what was applied and what is still being caught up with. */
  toJSON(): Watermark[] {
    const out = new Map<string, Watermark>();
    for (const [host, w] of this.#resume) out.set(host, { host, us: w.us, sigs: [...w.sigs] });
    for (const [host, w] of this.#last) {
      const prev = out.get(host);
      if (!prev || w.us > prev.us) out.set(host, { host, us: w.us, sigs: [...w.sigs] });
      else if (w.us === prev.us) prev.sigs = [...new Set([...prev.sigs, ...w.sigs])];
    }
    return [...out.values()];
  }

  restore(marks: readonly Watermark[]): void {
    for (const m of marks) this.#resume.set(m.host, { us: m.us, sigs: new Set(m.sigs) });
  }
}

/** Signatures of the most recent lines of any kind, to skip a copy that arrives after its lifecycle ended. */
const MAX_RECENT = 50_000;
/** Signatures a lifecycle keeps: its newest lines (older copies are caught by MAX_RECENT or the watermarks). */
const MAX_SEEN = 32;

/** Why a line is not applied: already applied before the restored checkpoint, or a copy seen just now. */
export type Skip = 'replayed' | 'duplicate';

/** The tracker's memory of applied lines: per lifecycle (`seen`), recent lines of any kind, and watermarks. */
export class AppliedLines {
  readonly #marks = new Watermarks();
  readonly #recent = new RecentLineSigs(MAX_RECENT);

  /** Whether to skip this line; `lc` is the live lifecycle of its queue id, if any. */
  skip(ev: { host: string; timeUs: number }, sig: number, lc: Lifecycle | undefined, restored: boolean): Skip | undefined {
    if (this.#marks.replayed(ev.host, ev.timeUs, sig, restored)) return 'replayed';
    if (lc?.seen.includes(sig) || this.#recent.has(sig)) return 'duplicate';
    return undefined;
  }

  /** Remembers a line just applied (to `lc`, when it belongs to a lifecycle that is still live). */
  applied(ev: { host: string; timeUs: number }, sig: number, lc: Lifecycle | undefined): void {
    this.#recent.add(sig);
    // concat allocates exactly n + 1 slots; push would reserve 17 on the first line (V8's growth), for every message.
    if (lc) lc.seen = (lc.seen.length < MAX_SEEN ? lc.seen : lc.seen.slice(1 - MAX_SEEN)).concat(sig);
    this.#marks.note(ev.host, ev.timeUs, sig);
  }

  watermarks(): Watermark[] { return this.#marks.toJSON(); }
  restore(marks: readonly Watermark[]): void { this.#marks.restore(marks); }
}
