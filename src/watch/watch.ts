/**
 * watch — queue depth and alerts for every MTA host in the input, fed in log order by the engine (src/engine.ts).
 *
 * For each line at time t of host H: `before(H, t, ev)` (what came due on every host's clock up to t), then the
 * line's event and the correlator's signals (`signal`), then `after(H, t, ev)` (what the line changed on H).
 * Facts taken:
 *   a `status=sent` attempt (not a hand-off to a content filter on this host, nor a local forward) → a delivery;
 *   `status=deferred` attempt → a deferral for the recipient domain and the relay (`relay=none` → the host in
 *   `connect to mx.b.example[192.0.2.7]:25: …`, when the reply names one).
 * What it says is a `WatchReport` (an alert changed, or `--queue-command` corrected the queue picture), not a
 * correlator signal: the engine turns reports into events (src/otel/watch-events.ts) on the one emit path.
 * Pure: the wall clock enters only as arguments (`wallUs` of a line, `tick(nowUs)` for `log_silence` on live
 * input); running `--queue-command` is src/watch/queue-command.ts, called from src/pipeline.ts.
 * Limits: reconciliation assumes one MTA host per mtatrace (docs/scaling.md), the host of the latest line.
 */
import { isHandOff } from '../correlate/hops.js';
import type { ParseResult } from '../parse/postfix-events.js';
import { isPostfixLine } from '../parse/index.js';
import { HostAlerts, type AlertChange, type AlertConfig } from './alerts.js';
import { checkHostAlertsState, type HostAlertsState } from './alert-types.js';
import { QueueTracker, type ListedMessage, type QueuePicture, type QueuesState, type Reconciliation } from './queues.js';
import { flatCopy } from '../memory/flat-copy.js';
import { SharedStrings } from '../memory/shared-strings.js';
import type { Signal } from '../correlate/signals.js';

const CONNECT_TO = /\bconnect to ([^\s[\]:]+)\[/;
const NONE: AlertChange[] = [];

/** What the watch tells the outputs (beside the correlator's signals). */
export type WatchReport =
  /** An alert fired, repeated or resolved, with the queue picture of its host at that time. */
  | { type: 'alert'; change: AlertChange; queues: QueuePicture }
  /** `--queue-command` listed something else than the log implied; the listing replaced the derived picture. */
  | { type: 'queue-reconciled'; rec: Reconciliation };

/** Alerts so far and the queue picture at end of input, for the text summary. */
export interface WatchSummary { queues: readonly QueuePicture[]; alerts: readonly AlertChange[] }

export interface WatchState { queues: QueuesState; nowUs: number; hosts: [string, HostAlertsState][] }

export function recipientDomain(to: string): string {
  const at = to.lastIndexOf('@');
  return at < 0 ? 'local' : to.slice(at + 1).toLowerCase();
}

export class Watch {
  readonly queues = new QueueTracker();
  readonly #alerts = new Map<string, HostAlerts>();
  /** The same, as a list: walked before every line (no iterator per line). */
  #list: HostAlerts[] = [];
  readonly #cfg: AlertConfig;
  readonly #fired: AlertChange[] = [];
  readonly #names = new SharedStrings();
  #nowUs = 0;
  /** On live input the log clock is extrapolated by the wall clock since the latest line. */
  readonly #live: boolean;
  #lastWallUs = 0;
  /** The host of the latest Postfix line (the one `--queue-command` describes). */
  #host: string | undefined;
  #reconciliation: Reconciliation | undefined;
  /** After end of input the picture stays as it was (lifecycles ended then are still in Postfix's queue). */
  #frozen = false;

  constructor(cfg: AlertConfig, opts: { live?: boolean } = {}) {
    this.#cfg = cfg;
    this.#live = opts.live ?? false;
  }

  /** The latest log time seen. */
  get nowUs(): number { return this.#nowUs; }

  hosts(): string[] { return [...this.#alerts.keys()]; }
  alerts(host: string): HostAlerts | undefined { return this.#alerts.get(host); }

  /** Every change so far, in order (for the text summary). */
  history(): readonly AlertChange[] { return this.#fired; }

  /** Log time, extrapolated by the wall clock since the latest line on live input. */
  clockUs(wallUs: number): number {
    const log = this.#nowUs;
    return this.#live && this.#lastWallUs ? log + Math.max(0, wallUs - this.#lastWallUs) : log;
  }

  lastReconciliation(): Reconciliation | undefined { return this.#reconciliation; }

  /**
   * Before a line's event goes to the tracker. A line of another program only moves the clock (it neither opens
   * a host nor ends a silence).
   */
  before(host: string, timeUs: number, ev: ParseResult, wallUs: number): AlertChange[] {
    const postfix = isPostfixLine(ev);
    if (postfix) this.#host = host;
    this.#lastWallUs = wallUs;
    if (timeUs > this.#nowUs) this.#nowUs = timeUs;
    if (postfix) this.queues.seen(host, timeUs);
    if (postfix && !this.#alerts.has(host)) {
      const h = flatCopy(host);
      this.#alerts.set(h, new HostAlerts(h, this.#cfg, timeUs));
      this.#list = [...this.#alerts.values()];
    }
    return this.#advanceAll(this.#nowUs, false);
  }

  /** Plain JSON for the state file (`--state-file`): the queue picture and every host's alert state. */
  save(): WatchState {
    return { queues: this.queues.state(), nowUs: this.#nowUs, hosts: [...this.#alerts].map(([h, a]) => [h, a.state()]) };
  }

  /** Continues after a restart: alerts firing before it still resolve, queue counts stay exact since the first run. */
  load(v: unknown): void {
    const s = v as WatchState;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.hosts)) throw new Error('watch state: malformed');
    const hosts = s.hosts.map(([h, st]) => [String(h), checkHostAlertsState(st)] as const);
    new QueueTracker().restore(s.queues); // validates before anything changes
    this.queues.restore(s.queues);
    for (const [h, st] of hosts) this.#alerts.set(h, new HostAlerts(h, this.#cfg, st.lastLineUs, st));
    this.#list = [...this.#alerts.values()];
    if (Number.isFinite(s.nowUs) && s.nowUs > this.#nowUs) this.#nowUs = s.nowUs;
  }

  signal(s: Signal): void {
    if (this.#frozen) return;
    this.queues.signal(s);
    if (s.type === 'attempt' && s.ev.status === 'sent' && !isHandOff(s.ev)) this.#alerts.get(s.ev.host)?.delivered(s.ev.timeUs);
    if (s.type === 'attempt' && (s.ev.status === 'deferred' || s.ev.status === 'SOFTBOUNCE')) {
      const { ev } = s;
      const relay = ev.relay.name !== 'none' ? ev.relay.name : CONNECT_TO.exec(ev.reply)?.[1];
      // Kept for the spike window: shared copies, not views into the line (memory/shared-strings.ts).
      const domain = this.#names.get(recipientDomain(ev.to));
      this.#alerts.get(ev.host)?.deferred({ timeUs: ev.timeUs, domain, relay: relay === undefined ? undefined : this.#names.get(relay), cause: s.verdict?.cause });
    }
  }

  /** After the tracker applied the line (and its signals came through `signal`). */
  after(host: string, timeUs: number, ev: ParseResult): AlertChange[] {
    if (!isPostfixLine(ev)) return NONE;
    if (ev.kind !== 'ignored' && ev.kind !== 'unparsed') this.queues.event(ev);
    const a = this.#alerts.get(host);
    if (!a) return [];
    // Postfix logging its own stop: a silence after it is a stopped Postfix, not a log that stopped.
    a.line(timeUs, ev.kind === 'postfix.life' && (ev.action === 'stopped' || ev.action === 'stopping'));
    return this.#keep(a.evaluate(timeUs, this.queues.count(host)));
  }

  /** Live input only: the log clock extrapolated by the wall clock; only `log_silence` is judged. */
  tick(nowUs: number): AlertChange[] {
    return this.#advanceAll(nowUs, true);
  }

  /** The host of the latest Postfix line: the one `--queue-command` lists (undefined before any). */
  get latestHost(): string | undefined { return this.#host; }

  /** Postfix's own listing of `host` replaces the picture derived from the log; returns what differed. */
  reconcile(host: string, listing: readonly ListedMessage[], wallUs: number): Reconciliation {
    this.#reconciliation = this.queues.reconcile(host, listing, this.clockUs(wallUs));
    return this.#reconciliation;
  }

  /** End of input: the picture stops moving; returns it with the alerts so far. */
  end(): WatchSummary {
    this.#frozen = true;
    const now = this.#nowUs;
    return { queues: this.queues.hosts().map((h) => this.queues.picture(h, now)), alerts: this.history() };
  }

  #advanceAll(nowUs: number, silenceOnly: boolean): AlertChange[] {
    let changes: AlertChange[] | undefined;
    for (const a of this.#list) {
      const c = a.advance(nowUs, silenceOnly);
      if (c.length) changes = changes ? changes.concat(c) : c;
    }
    return changes ? this.#keep(changes) : NONE;
  }

  #keep(changes: AlertChange[]): AlertChange[] {
    if (!changes.length) return changes;
    changes.sort((a, b) => a.timeUs - b.timeUs);
    for (const c of changes) this.#fired.push(c);
    if (this.#fired.length > 1000) this.#fired.splice(0, this.#fired.length - 1000);
    return changes;
  }
}
