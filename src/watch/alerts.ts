/**
 * alerts — the quiet failures, judged on the log's own clock: a queue that builds up, deliveries that stall,
 * a log that goes silent, and deferrals piling up for one destination.
 *
 *   `smtp[5]: 4B7C21A0F3: to=<b@b.example>, relay=none, …, status=deferred (connect to mx.b.example[192.0.2.7]:25: Connection refused)`
 *   × 50 and no `status=sent` for 15 min  →  delivery_stalled firing (cause connection_refused, relay mx.b.example)
 *
 * One `HostAlerts` per MTA host. The caller feeds facts (`line`, `delivered`, `deferred`) and evaluates:
 * `advance(t)` BEFORE applying a line at time t fires what came due in between at the exact time it came due
 * (silence, stall, repeats, growth samples, a spike's end), `evaluate(t, depth)` AFTER applying it fires and
 * resolves what the line changed. Each alert instance fires once, repeats every `repeatMinutes` while true, and
 * resolves once. Replaying an old log raises its alerts at the times they would have fired.
 *
 * Limits: `delivery_stalled` is not judged while the log itself is silent (`log_silence` says that), nor in
 * the first T after it comes back; queue depth is what src/watch/queues.ts can see (exact only since the
 * first line). Pure: times are passed in. Names, thresholds and the saved state: src/watch/alert-types.ts.
 */
import { depthDetail, ruleTexts, spikeDetail, stallDetail } from './alert-texts.js';
import { DeferralLog } from './deferral-log.js';
import { Pace } from './pace.js';
import type { AlertChange, AlertConfig, AlertName, Deferral, Detail, Firing, HostAlertsState } from './alert-types.js';

export { ALERT_NAMES, DEFAULT_ALERTS } from './alert-types.js';
export type { AlertChange, AlertConfig, AlertName, Deferral } from './alert-types.js';

const MIN = 60_000_000;
const NONE: AlertChange[] = [];

export class HostAlerts {
  readonly #host: string;
  readonly #cfg: AlertConfig;
  readonly #firing = new Map<string, Firing>();
  #recent = new DeferralLog();
  readonly #spikes = new Map<string, DeferralLog>();
  readonly #touched = new Set<string>();
  #lastLineUs: number;
  #aliveSinceUs: number;
  #lastSuccessUs: number;
  #waitingSinceUs: number | undefined;
  #depth = 0;
  #samples: number[] = [];
  #boundaryUs: number;
  #growing = false;
  /** The earliest time a spike can end or a deferral leave its window (spikes are not scanned per line). */
  #spikesDueUs = Infinity;
  /** Nothing can come due before this (recomputed after every change), so most lines skip `advance`. */
  #dueUs = -Infinity;
  /** A delivery since the last `evaluate`. */
  #delivered = true;
  /** This host's own pace of lines and deliveries (pace.ts). */
  #pace: Pace;
  /** How long a silence must last, as of the latest line (the floor, or this host's normal pause). */
  #silenceUs: number;
  /** The latest line was Postfix logging its own stop (master `terminating`, postfix-script `stopping`). */
  #stopped = false;

  constructor(host: string, cfg: AlertConfig, startUs: number, saved?: HostAlertsState) {
    this.#host = host;
    this.#cfg = cfg;
    this.#lastLineUs = this.#aliveSinceUs = this.#lastSuccessUs = startUs;
    this.#boundaryUs = Math.floor(startUs / MIN) * MIN;
    this.#pace = new Pace(startUs, saved?.pace);
    if (saved) this.#restore(saved);
    this.#silenceUs = this.#silenceAfter();
  }

  /** `--silence-minutes`, or longer when this host normally pauses longer; Infinity until its pace is known. */
  #silenceAfter(): number {
    const floor = this.#cfg.silenceMinutes * MIN;
    return this.#cfg.silenceLines > 0 ? Math.max(floor, this.#pace.expectUs(this.#cfg.silenceLines, 'lines', this.#lastLineUs)) : floor;
  }

  /** How long without a line counts as the log being silent, for judging stalls (the floor until the pace is known). */
  #quietUs(): number { return Number.isFinite(this.#silenceUs) ? this.#silenceUs : this.#cfg.silenceMinutes * MIN; }

  /** `--stall-minutes`, or longer when this host normally delivers more slowly than `stallDeliveries` in that time. */
  #stallAfter(atUs: number): number {
    const floor = this.#cfg.stallMinutes * MIN;
    const learned = this.#cfg.stallDeliveries > 0 ? this.#pace.expectUs(this.#cfg.stallDeliveries, 'deliveries', atUs) : 0;
    return Number.isFinite(learned) ? Math.max(floor, learned) : floor;
  }

  /** Plain JSON for the state file; `new HostAlerts(host, cfg, t, state)` continues from it after a restart. */
  state(): HostAlertsState {
    return {
      // Copies: the checkpoint may be written after more lines were applied.
      firing: [...this.#firing].map(([k, f]) => [k, { ...f }]), recent: this.#recent.toJSON(), spikes: [...this.#spikes].map(([k, l]) => [k, l.toJSON()]),
      lastLineUs: this.#lastLineUs, aliveSinceUs: this.#aliveSinceUs,
      lastSuccessUs: this.#lastSuccessUs, waitingSinceUs: this.#waitingSinceUs, depth: this.#depth, samples: [...this.#samples],
      boundaryUs: this.#boundaryUs, growing: this.#growing, pace: this.#pace.state(), stopped: this.#stopped,
    };
  }

  #restore(s: HostAlertsState): void {
    for (const [k, f] of s.firing) this.#firing.set(k, f);
    this.#recent = DeferralLog.from(s.recent);
    for (const [k, list] of s.spikes) { this.#spikes.set(k, DeferralLog.from(list, false)); this.#spikesDueUs = Math.min(this.#spikesDueUs, (list[0]?.timeUs ?? 0) + this.#cfg.spikeMinutes * MIN); }
    this.#lastLineUs = s.lastLineUs;
    this.#aliveSinceUs = s.aliveSinceUs;
    this.#lastSuccessUs = s.lastSuccessUs;
    this.#waitingSinceUs = s.waitingSinceUs;
    this.#depth = s.depth;
    this.#samples = s.samples;
    this.#boundaryUs = s.boundaryUs;
    this.#growing = s.growing;
    this.#stopped = s.stopped ?? false;
  }

  /** Instances firing now, by alert name. */
  active(): Record<AlertName, number> {
    const out: Record<AlertName, number> = { queue_depth_high: 0, delivery_stalled: 0, log_silence: 0, deferral_spike: 0 };
    for (const f of this.#firing.values()) out[f.detail.alert]++;
    return out;
  }

  /** A Postfix line of this host; `stopped`: it was Postfix logging its own stop. */
  line(timeUs: number, stopped = false): void {
    // After a pause longer than a silence (fired or not: an unlearned host raises none), the log is alive
    // again only from now on, and a stall needs T of live log before it can fire.
    if (timeUs - this.#lastLineUs > this.#quietUs()) this.#aliveSinceUs = timeUs;
    if (timeUs > this.#lastLineUs) this.#lastLineUs = timeUs;
    this.#stopped = stopped;
    this.#pace.line(timeUs);
    this.#silenceUs = this.#silenceAfter();
  }

  delivered(timeUs: number): void {
    this.#pace.delivery(timeUs);
    if (timeUs > this.#lastSuccessUs) { this.#lastSuccessUs = timeUs; this.#delivered = true; }
  }

  deferred(d: Deferral): void {
    this.#recent.push(d);
    const keys = [`domain:${d.domain}`];
    if (d.relay && d.relay !== 'none') keys.push(`relay:${d.relay}`);
    for (const k of keys) {
      let list = this.#spikes.get(k);
      if (!list) { list = new DeferralLog(false); this.#spikes.set(k, list); }
      list.push(d);
      this.#touched.add(k);
      this.#spikesDueUs = Math.min(this.#spikesDueUs, list.timeAt(0) + this.#cfg.spikeMinutes * MIN);
      this.#dueUs = Math.min(this.#dueUs, this.#spikesDueUs);
    }
  }

  /** Everything that came due up to `nowUs` with nothing new logged; `silenceOnly` for the live wall-clock check. */
  advance(nowUs: number, silenceOnly = false): AlertChange[] {
    if (nowUs < this.#dueUs) return NONE;
    const out: AlertChange[] = [];
    const silenceAt = this.#lastLineUs + this.#silenceUs;
    if (!this.#firing.has('log_silence') && silenceAt <= nowUs) {
      const mins = Math.round(this.#silenceUs / MIN);
      this.#fire(out, silenceAt, {
        alert: 'log_silence', key: 'log_silence', windowS: Math.round(this.#silenceUs / 1e6), reason: this.#stopped ? 'postfix_stopped' : undefined,
        text: this.#stopped ? ruleTexts.silenceStopped(mins, this.#lastLineUs) : ruleTexts.silence(mins, this.#lastLineUs),
      });
    }
    if (!silenceOnly) {
      this.#stallDue(out, nowUs, silenceAt);
      this.#sample(out, nowUs);
      this.#spikesEnding(out, nowUs);
    }
    this.#repeats(out, nowUs);
    if (!silenceOnly) this.#dueUs = this.#nextDue();
    return out.sort((a, b) => a.timeUs - b.timeUs);
  }

  /** The earliest time `advance` could have something to do, given the state now (line times only move it later). */
  #nextDue(): number {
    let due = this.#firing.has('log_silence') ? Infinity : this.#lastLineUs + this.#silenceUs;
    if (!this.#firing.has('delivery_stalled') && this.#waitingSinceUs !== undefined && this.#depth > 0) {
      const from = Math.max(this.#lastSuccessUs, this.#waitingSinceUs, this.#aliveSinceUs);
      due = Math.min(due, from + this.#stallAfter(from));
    }
    if (this.#cfg.queueGrowMinutes > 0) due = Math.min(due, this.#boundaryUs + MIN);
    due = Math.min(due, this.#spikesDueUs);
    if (this.#cfg.repeatMinutes > 0) {
      for (const [k, f] of this.#firing) if (!this.#once(k)) due = Math.min(due, f.lastEmitUs + this.#cfg.repeatMinutes * MIN);
    }
    return due;
  }

  /** After a line at `nowUs` was applied: `depth` is the number of messages waiting (incoming + active + deferred). */
  evaluate(nowUs: number, depth: number): AlertChange[] {
    // Most lines change nothing a rule looks at (same depth, no delivery or deferral, log not silent); of the
    // rest, most only move the depth with nothing firing, below the threshold: then only whether anything waits
    // matters (for the next due time).
    if (!this.#delivered && depth === this.#depth && this.#touched.size === 0 && !this.#firing.has('log_silence')) return NONE;
    const quiet = !this.#delivered && this.#touched.size === 0 && this.#firing.size === 0 && !this.#growing && depth <= this.#cfg.queueWarn;
    if (quiet && (depth > 0) === (this.#depth > 0)) { this.#depth = depth; return NONE; }
    this.#delivered = false;
    const out: AlertChange[] = [];
    this.#depth = depth;
    if (depth > 0) this.#waitingSinceUs ??= nowUs;
    else this.#waitingSinceUs = undefined;
    const silence = this.#firing.get('log_silence');
    if (silence && this.#lastLineUs > silence.sinceUs) {
      this.#resolve(out, 'log_silence', this.#lastLineUs, ruleTexts.silenceOver(this.#lastLineUs - silence.sinceUs + (silence.detail.windowS ?? 0) * 1e6));
      this.#aliveSinceUs = this.#lastLineUs;
    }
    const stall = this.#firing.get('delivery_stalled');
    if (stall && (this.#lastSuccessUs > stall.sinceUs || depth === 0)) {
      this.#resolve(out, 'delivery_stalled', nowUs, depth === 0 ? 'queue empty again' : 'a message was delivered again');
    }
    this.#depthRule(out, nowUs);
    for (const k of this.#touched) {
      const list = this.#spikes.get(k) as DeferralLog;
      if (list.countAfter(nowUs - this.#cfg.spikeMinutes * MIN) >= this.#cfg.spikeDeferrals && !this.#firing.has(`deferral_spike ${k}`)) this.#fire(out, nowUs, this.#spikeDetail(k, nowUs));
    }
    this.#touched.clear();
    this.#dueUs = this.#nextDue();
    return out;
  }

  #spikeDetail(key: string, nowUs: number): Detail {
    return spikeDetail(this.#cfg, key, this.#spikes.get(key)?.window(nowUs - this.#cfg.spikeMinutes * MIN, nowUs) ?? []);
  }
  #stallDetail(nowUs: number): Detail { return stallDetail(this.#cfg, this.#depth, this.#recent.window(nowUs - this.#cfg.stallMinutes * MIN, nowUs)); }
  #depthDetail(reason: 'threshold' | 'growing'): Detail { return depthDetail(this.#cfg, reason, this.#depth, this.#samples[0]); }

  #stallDue(out: AlertChange[], nowUs: number, silenceAt: number): void {
    const judged = !this.#firing.has('delivery_stalled') && !this.#firing.has('log_silence') && this.#waitingSinceUs !== undefined && this.#depth > 0;
    if (judged) {
      // Judged only on T of live log: after a silence the log must run for T again before a stall can fire.
      const from = Math.max(this.#lastSuccessUs, this.#waitingSinceUs as number, this.#aliveSinceUs);
      const at = from + this.#stallAfter(from);
      if (at <= nowUs && at < Math.min(silenceAt, this.#lastLineUs + this.#quietUs())) this.#fire(out, at, this.#stallDetail(at));
    }
    const keep = nowUs - Math.max(this.#cfg.stallMinutes, this.#cfg.spikeMinutes) * MIN;
    this.#recent.dropUntil(keep);
  }

  /** Fires above `queueWarn`; resolves only at or below 80 % of it, so a queue hovering at the line does not flap. */
  #depthRule(out: AlertChange[], atUs: number): void {
    const firing = this.#firing.has('queue_depth_high');
    const above = this.#depth > (firing ? 0.8 : 1) * this.#cfg.queueWarn;
    if (!firing && (above || this.#growing)) this.#fire(out, atUs, this.#depthDetail(above ? 'threshold' : 'growing'));
    else if (firing && !above && !this.#growing) this.#resolve(out, 'queue_depth_high', atUs, ruleTexts.depthOk(this.#depth, this.#cfg.queueWarn));
  }

  /** Depth at each minute mark; growing = never fell for N marks and rose by at least a tenth of `queueWarn`. */
  #sample(out: AlertChange[], nowUs: number): void {
    const n = this.#cfg.queueGrowMinutes;
    if (n <= 0) return;
    const marks = Math.floor((nowUs - this.#boundaryUs) / MIN);
    if (marks <= 0) return;
    const skip = Math.max(0, marks - (n + 1));
    if (skip > 0) this.#samples = [];
    for (let i = skip + 1; i <= marks; i++) {
      this.#samples.push(this.#depth);
      if (this.#samples.length > n + 1) this.#samples.shift();
      const s = this.#samples;
      const rising = s.length === n + 1 && s.every((v, j) => j === 0 || v >= s[j - 1]) && s[n] - s[0] >= Math.max(1, Math.ceil(this.#cfg.queueWarn / 10));
      if (rising !== this.#growing) { this.#growing = rising; this.#depthRule(out, this.#boundaryUs + i * MIN); }
    }
    this.#boundaryUs += marks * MIN;
  }

  /**
   * A spike fires at `spikeDeferrals` in the window and ends below half of that (no flapping at the line): when
   * the (n − ⌈threshold/2⌉)-th oldest deferral leaves the window.
   */
  #spikesEnding(out: AlertChange[], nowUs: number): void {
    if (nowUs < this.#spikesDueUs) return;
    const w = this.#cfg.spikeMinutes * MIN;
    let next = Infinity;
    for (const [k, list] of this.#spikes) {
      const fkey = `deferral_spike ${k}`;
      if (this.#firing.has(fkey)) {
        const i = list.length - Math.ceil(this.#cfg.spikeDeferrals / 2);
        const endUs = i >= 0 ? list.timeAt(i) + w : nowUs;
        if (endUs <= nowUs) {
          this.#repeats(out, endUs - 1, fkey);
          this.#resolve(out, fkey, endUs, ruleTexts.spikeOver(this.#cfg.spikeMinutes));
        } else next = Math.min(next, endUs);
      }
      // Safe for a firing spike too: every deferral its end depends on is still inside the window.
      list.dropUntil(nowUs - w);
      if (!list.length) this.#spikes.delete(k);
      else next = Math.min(next, list.timeAt(0) + w);
    }
    // Scanned at most once per second of log time (busy logs have many destinations); end times stay exact.
    this.#spikesDueUs = Math.max(next, nowUs + 1_000_000);
  }

  #repeats(out: AlertChange[], nowUs: number, only?: string): void {
    const every = this.#cfg.repeatMinutes * MIN;
    if (every <= 0) return;
    for (const [key, f] of this.#firing) {
      if ((only !== undefined && key !== only) || this.#once(key)) continue;
      while (f.lastEmitUs + every <= nowUs) {
        f.lastEmitUs += every;
        f.repeat++;
        const d = key === 'delivery_stalled' ? this.#stallDetail(f.lastEmitUs)
          : key === 'queue_depth_high' ? this.#depthDetail(f.detail.reason === 'growing' ? 'growing' : 'threshold')
            : key.startsWith('deferral_spike ') ? this.#spikeDetail(key.slice(15), f.lastEmitUs) : f.detail;
        out.push({ ...d, state: 'firing', host: this.#host, timeUs: f.lastEmitUs, sinceUs: f.sinceUs, repeat: f.repeat });
      }
    }
  }

  /** In a replay every alert is one firing with its start and one resolved with its end: no reminders. */
  #once(_key: string): boolean { return this.#cfg.replay; }

  #fire(out: AlertChange[], atUs: number, detail: Detail): void {
    this.#firing.set(detail.key, { detail, sinceUs: atUs, lastEmitUs: atUs, repeat: 0 });
    out.push({ ...detail, state: 'firing', host: this.#host, timeUs: atUs, sinceUs: atUs, repeat: 0 });
  }

  #resolve(out: AlertChange[], key: string, atUs: number, why: string): void {
    const f = this.#firing.get(key);
    if (!f) return;
    this.#firing.delete(key);
    out.push({ ...f.detail, state: 'resolved', host: this.#host, timeUs: atUs, sinceUs: f.sinceUs, repeat: f.repeat, text: ruleTexts.resolved(atUs - f.sinceUs, why) });
  }
}
