/**
 * watch — queue depth and alerts for every MTA host in the input, fed in log order from the pipeline.
 *
 * For each line at time t of host H: `before(H, t)` (what came due on every host's clock up to t), then the
 * line's event and signals (`event`, `signal`), then `after(H, t)` (what the line changed on H). Facts taken:
 *   a `status=sent` attempt (not a hand-off to a content filter on this host, nor a local forward) → a delivery;
 *   `status=deferred` attempt → a deferral for the recipient domain and the relay (`relay=none` → the host in
 *   `connect to mx.b.example[192.0.2.7]:25: …`, when the reply names one).
 * Pure: the wall clock enters only through `tick(nowUs)`, which the live pipeline calls for `log_silence`.
 */
import type { Delivery, PostfixEvent } from '../parse/events.js';
import { HostAlerts, type AlertChange, type AlertConfig } from './alerts.js';
import { checkHostAlertsState, type HostAlertsState } from './alert-types.js';
import { QueueTracker, type QueuesState } from './queues.js';
import { Names, own } from './own.js';
import type { Signal } from './signals.js';

const CONNECT_TO = /\bconnect to ([^\s[\]:]+)\[/;
const NONE: AlertChange[] = [];

export interface WatchState { queues: QueuesState; nowUs: number; hosts: [string, HostAlertsState][] }

/** `queued as X` from a content filter on this host, or local(8) `forwarded as X`: the message goes on here. */
export function isHandOff(ev: Delivery): boolean {
  return ev.queuedAs !== undefined && (/^(127\.|::1$)/.test(ev.relay.address ?? '') || ev.relay.name === 'local');
}

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
  readonly #names = new Names();
  #nowUs = 0;
  /** The line being applied is Postfix's own stop. */
  #stopping = false;

  constructor(cfg: AlertConfig) {
    this.#cfg = cfg;
  }

  /** The latest log time seen. */
  get nowUs(): number { return this.#nowUs; }

  hosts(): string[] { return [...this.#alerts.keys()]; }
  alerts(host: string): HostAlerts | undefined { return this.#alerts.get(host); }

  /** Every change so far, in order (for the text summary). */
  history(): readonly AlertChange[] { return this.#fired; }

  /** `postfix` false: a line of another program only moves the clock (it neither opens a host nor ends a silence). */
  before(host: string, timeUs: number, postfix = true): AlertChange[] {
    if (timeUs > this.#nowUs) this.#nowUs = timeUs;
    if (postfix) this.queues.seen(host, timeUs);
    if (postfix && !this.#alerts.has(host)) {
      const h = own(host);
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

  event(ev: PostfixEvent): void {
    this.queues.event(ev);
    // Postfix logging its own stop: a silence after it is a stopped Postfix, not a log that stopped.
    if (ev.kind === 'postfix.life') this.#stopping = ev.action === 'stopped' || ev.action === 'stopping';
  }

  signal(s: Signal): void {
    this.queues.signal(s);
    if (s.type === 'attempt' && s.ev.status === 'sent' && !isHandOff(s.ev)) this.#alerts.get(s.ev.host)?.delivered(s.ev.timeUs);
    if (s.type === 'attempt' && (s.ev.status === 'deferred' || s.ev.status === 'SOFTBOUNCE')) {
      const { ev } = s;
      const relay = ev.relay.name !== 'none' ? ev.relay.name : CONNECT_TO.exec(ev.reply)?.[1];
      // Kept for the spike window: shared copies, not views into the line (own.ts).
      const domain = this.#names.get(recipientDomain(ev.to));
      this.#alerts.get(ev.host)?.deferred({ timeUs: ev.timeUs, domain, relay: relay === undefined ? undefined : this.#names.get(relay), cause: s.verdict?.cause });
    }
  }

  after(host: string, timeUs: number): AlertChange[] {
    const a = this.#alerts.get(host);
    if (!a) return [];
    a.line(timeUs, this.#stopping);
    this.#stopping = false;
    return this.#keep(a.evaluate(timeUs, this.queues.count(host)));
  }

  /** Live input only: the log clock extrapolated by the wall clock; only `log_silence` is judged. */
  tick(nowUs: number): AlertChange[] {
    return this.#advanceAll(nowUs, true);
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
