/**
 * alert-texts — what an alert says: its details (value, threshold, window, dominant cause and relay) and the
 * one-line explanation it carries as its body.
 *
 *   `48 messages waiting and no successful delivery for 15 min; 96 deferrals, mostly connection_refused via mx.b.example`
 * Kept apart from src/watch/alerts.ts so the rules stay readable. Pure; times are microseconds since the epoch.
 */
import type { AlertConfig, Deferral, Detail } from './alert-types.js';

const clock = (us: number): string => new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ');
const minutes = (us: number): string => {
  if (us < 60_000_000) return `${Math.round(us / 1e6)} s`;
  const m = Math.round(us / 60_000_000);
  return m >= 120 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
};

/** The most frequent defined value (first seen wins a tie), or undefined. */
export function dominant(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    if (v === undefined) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

export const ruleTexts = {
  depth: (depth: number, warn: number): string => `${depth} messages waiting in the queue, above ${warn}`,
  growing: (from: number, to: number, mins: number): string => `queue grew from ${from} to ${to} messages over ${mins} min without falling`,
  depthOk: (depth: number, warn: number): string => `queue back to ${depth} messages (threshold ${warn}) and no longer growing`,
  stall: (depth: number, mins: number, deferrals: number, cause?: string, relay?: string): string =>
    `${depth} messages waiting and no successful delivery for ${mins} min; ` +
    (deferrals === 0 ? 'no delivery attempt logged in that time (no error line will say why)'
      : `${deferrals} deferrals${cause ? `, mostly ${cause}` : ''}${relay ? ` via ${relay}` : ''}`),
  silence: (mins: number, lastUs: number): string => `no Postfix line for ${mins} min (last one at ${clock(lastUs)} UTC)`,
  silenceStopped: (mins: number, lastUs: number): string => `no Postfix line for ${mins} min since Postfix logged its own stop at ${clock(lastUs)} UTC (postfix stop, or master terminating on a signal)`,
  silenceOver: (gapUs: number): string => `log lines again after ${minutes(gapUs)} of silence`,
  spike: (n: number, mins: number, dest: string, cause?: string): string => `${n} deferrals in ${mins} min for ${dest}${cause ? `, mostly ${cause}` : ''}`,
  spikeOver: (mins: number): string => `deferral rate back under the threshold for the last ${mins} min`,
  resolved: (forUs: number, why: string): string => `resolved after ${minutes(forUs)}: ${why}`,
};

export function spikeDetail(cfg: AlertConfig, key: string, window: readonly Deferral[]): Detail {
  const [kind, dest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const cause = dominant(window.map((d) => d.cause));
  return {
    alert: 'deferral_spike', key: `deferral_spike ${key}`, value: window.length, threshold: cfg.spikeDeferrals, windowS: cfg.spikeMinutes * 60, cause,
    domain: kind === 'domain' ? dest : undefined, relay: kind === 'relay' ? dest : undefined,
    text: ruleTexts.spike(window.length, cfg.spikeMinutes, `${kind} ${dest}`, cause),
  };
}

export function stallDetail(cfg: AlertConfig, depth: number, window: readonly Deferral[]): Detail {
  const cause = dominant(window.map((d) => d.cause));
  const relay = dominant(window.map((d) => d.relay));
  return {
    alert: 'delivery_stalled', key: 'delivery_stalled', value: depth, windowS: cfg.stallMinutes * 60, deferrals: window.length, cause, relay,
    text: ruleTexts.stall(depth, cfg.stallMinutes, window.length, cause, relay),
  };
}

/** `from`: the depth at the start of the growth window. */
export function depthDetail(cfg: AlertConfig, reason: 'threshold' | 'growing', depth: number, from: number): Detail {
  const n = cfg.queueGrowMinutes;
  return {
    alert: 'queue_depth_high', key: 'queue_depth_high', reason, value: depth, threshold: cfg.queueWarn,
    windowS: reason === 'growing' ? n * 60 : undefined,
    text: reason === 'growing' ? ruleTexts.growing(from, depth, n) : ruleTexts.depth(depth, cfg.queueWarn),
  };
}
