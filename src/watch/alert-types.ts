/**
 * alert-types — the vocabulary of src/watch/alerts.ts: alert names, thresholds, what a change carries, and
 * the plain-JSON state a host's alerts are saved as in the state file (`--state-file`).
 *
 *   {alert: "delivery_stalled", state: "firing", host: "mx1", timeUs: 1795687200100000, key: "delivery_stalled",
 *    text: "15 messages waiting and no successful delivery for 15 min; …", cause: "connection_refused", …}
 */
import { checkPaceState, type PaceState } from './pace.js';

export type AlertName = 'queue_depth_high' | 'delivery_stalled' | 'log_silence' | 'deferral_spike';
export const ALERT_NAMES: readonly AlertName[] = ['queue_depth_high', 'delivery_stalled', 'log_silence', 'deferral_spike'];

export interface AlertConfig {
  queueWarn: number;
  /** 0 disables the growth rule. */
  queueGrowMinutes: number;
  stallMinutes: number;
  /** The floor of `log_silence` (or the whole rule with `silenceLines` 0). */
  silenceMinutes: number;
  /** `log_silence` waits as long as this host takes to log this many Postfix lines (pace.ts); 0: only the floor. */
  silenceLines: number;
  /** `delivery_stalled` waits as long as this host takes for this many deliveries (pace.ts); 0: only `stallMinutes`. */
  stallDeliveries: number;
  /** A replay (`--once`): a silence is one alert, firing at its start and resolved at its end, never repeated. */
  replay: boolean;
  spikeDeferrals: number;
  spikeMinutes: number;
  repeatMinutes: number;
}

export const DEFAULT_ALERTS: AlertConfig = {
  queueWarn: 50, queueGrowMinutes: 30, stallMinutes: 15, silenceMinutes: 10, silenceLines: 100, stallDeliveries: 10, replay: false,
  spikeDeferrals: 20, spikeMinutes: 5, repeatMinutes: 60,
};

export interface AlertChange {
  alert: AlertName;
  state: 'firing' | 'resolved';
  host: string;
  timeUs: number;
  /** When this instance started firing. */
  sinceUs: number;
  /** 0 for the first firing, then 1, 2, … for repeats. */
  repeat: number;
  /** The instance: the alert name, or `deferral_spike domain:example.net` / `… relay:mx.example.net`. */
  key: string;
  text: string;
  /** `queue_depth_high`: `threshold` or `growing`; `log_silence`: `postfix_stopped` when Postfix logged its own stop last. */
  reason?: 'threshold' | 'growing' | 'postfix_stopped';
  value?: number;
  threshold?: number;
  windowS?: number;
  cause?: string;
  relay?: string;
  domain?: string;
  deferrals?: number;
}

export interface Deferral { timeUs: number; domain: string; relay?: string; cause?: string }

export type Detail = Omit<AlertChange, 'state' | 'host' | 'timeUs' | 'sinceUs' | 'repeat'>;
export interface Firing { detail: Detail; sinceUs: number; lastEmitUs: number; repeat: number }

/** One host's alert state as plain JSON (Maps as entry arrays). */
export interface HostAlertsState {
  firing: [string, Firing][];
  recent: Deferral[];
  spikes: [string, Deferral[]][];
  lastLineUs: number;
  aliveSinceUs: number;
  lastSuccessUs: number;
  waitingSinceUs?: number;
  depth: number;
  samples: number[];
  boundaryUs: number;
  growing: boolean;
  /** Learned pace (absent in state files of earlier versions). */
  pace?: PaceState;
  stopped?: boolean;
}

const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** Throws when `v` is not a HostAlertsState (the caller then starts empty). */
export function checkHostAlertsState(v: unknown): HostAlertsState {
  const s = v as HostAlertsState;
  const ok = typeof s === 'object' && s !== null && Array.isArray(s.firing) && Array.isArray(s.recent) && Array.isArray(s.spikes) && Array.isArray(s.samples)
    && num(s.lastLineUs) && num(s.aliveSinceUs) && num(s.lastSuccessUs) && num(s.depth) && num(s.boundaryUs) && typeof s.growing === 'boolean'
    && (s.waitingSinceUs === undefined || num(s.waitingSinceUs))
    && s.firing.every((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1]?.detail?.alert === 'string' && num(f[1].sinceUs) && num(f[1].lastEmitUs) && num(f[1].repeat))
    && s.recent.every((d) => num(d?.timeUs) && typeof d.domain === 'string')
    && s.spikes.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1]) && e[1].every((d) => num(d?.timeUs)))
    && s.samples.every(num);
  if (!ok) throw new Error('alert state: malformed');
  checkPaceState(s.pace);
  return s;
}
