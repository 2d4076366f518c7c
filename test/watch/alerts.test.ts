/**
 * Alert scenarios replayed through the real parser, tracker and watch, on the log's own clock: a queue building
 * up behind a dead relay and its recovery, a silence gap, and a stall without a single error line. Every alert
 * event is asserted with its exact time, and the queue gauge against what the log implies.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS, type AlertChange, type AlertConfig } from '../../src/watch/alerts.js';
import { Watch } from '../../src/watch/watch.js';
import { at, PostfixLog } from '../support/postfix-log.js';
import { replay } from '../support/replay.js';

const iso = (us: number): string => new Date(us / 1000).toISOString().slice(11, 23);
const brief = (c: AlertChange): string => `${iso(c.timeUs)} ${c.key} ${c.state}${c.state === 'firing' && c.repeat ? ` (repeat ${c.repeat})` : ''}`;
const cfg = (over: Partial<AlertConfig>): AlertConfig => ({ ...DEFAULT_ALERTS, ...over });
const sec = (m: number, s: number): number => m + s / 60;

describe('a queue building up behind a dead relay, then recovery', () => {
  const log = new PostfixLog();
  for (let i = 0; i < 5; i++) log.receive(i, i).sent(i, sec(i, 1)).removed(i, sec(i, 2));
  for (let i = 5; i < 30; i++) log.receive(i, i).deferred(i, sec(i, 1));
  for (let k = 5; k < 30; k++) log.active(k, sec(30, k - 5)).sent(k, sec(30, k - 5 + 0.5)).removed(k, sec(30, k - 5 + 0.6));
  log.chatter(40);
  const r = replay(log.sorted(), cfg({ queueWarn: 10, queueGrowMinutes: 0, spikeDeferrals: 5, spikeMinutes: 5, repeatMinutes: 10 }));

  it('fires, repeats and resolves each alert exactly when the log says', () => {
    expect(r.changes.map(brief)).toEqual([
      '10:09:01.000 deferral_spike domain:dead.example firing',
      '10:09:01.000 deferral_spike relay:mx.dead.example firing',
      '10:15:00.100 queue_depth_high firing',
      '10:19:01.000 deferral_spike domain:dead.example firing (repeat 1)',
      '10:19:01.000 deferral_spike relay:mx.dead.example firing (repeat 1)',
      '10:20:00.100 delivery_stalled firing',
      '10:25:00.100 queue_depth_high firing (repeat 1)',
      '10:29:01.000 deferral_spike domain:dead.example firing (repeat 2)',
      '10:29:01.000 deferral_spike relay:mx.dead.example firing (repeat 2)',
      '10:30:00.100 delivery_stalled firing (repeat 1)',
      '10:30:00.500 delivery_stalled resolved',
      '10:30:16.600 queue_depth_high resolved',
      '10:32:01.000 deferral_spike domain:dead.example resolved',
      '10:32:01.000 deferral_spike relay:mx.dead.example resolved',
    ]);
  });

  it('names the dominant cause and relay of the stall and the spike', () => {
    const stall = r.changes.find((c) => c.alert === 'delivery_stalled')!;
    expect(stall).toMatchObject({ value: 15, deferrals: 15, cause: 'connection_refused', relay: 'mx.dead.example', windowS: 900, sinceUs: at(sec(20, 0.1)) });
    expect(stall.text).toBe('15 messages waiting and no successful delivery for 15 min; 15 deferrals, mostly connection_refused via mx.dead.example');
    const spike = r.changes[0];
    expect(spike).toMatchObject({ value: 5, threshold: 5, windowS: 300, cause: 'connection_refused', domain: 'dead.example' });
    const depth = r.changes[2];
    expect(depth).toMatchObject({ reason: 'threshold', value: 11, threshold: 10 });
    const resolved = r.changes.find((c) => c.alert === 'queue_depth_high' && c.state === 'resolved')!;
    expect(resolved.sinceUs).toBe(at(sec(15, 0.1)));
    expect(resolved.text).toBe('resolved after 15 min: queue back to 8 messages (threshold 10) and no longer growing');
  });

  it('keeps a queue gauge that matches the log line by line', () => {
    const last = (min: number) => [...r.depth].reverse().find((d) => d.timeUs <= at(min))!.counts;
    expect(last(sec(29, 30))).toEqual({ incoming: 0, active: 0, deferred: 25, hold: 0 });
    expect(last(sec(30, 16.7))).toEqual({ incoming: 0, active: 0, deferred: 8, hold: 0 });
    expect(last(40)).toEqual({ incoming: 0, active: 0, deferred: 0, hold: 0 });
    expect(Math.max(...r.depth.map((d) => d.counts.deferred + d.counts.active + d.counts.incoming))).toBe(25);
  });
});

describe('a restart in the middle (state file)', () => {
  it('continues from the saved queue picture and alert state: the same events as without the restart', () => {
    const log = new PostfixLog();
    for (let i = 0; i < 5; i++) log.receive(i, i).sent(i, sec(i, 1)).removed(i, sec(i, 2));
    for (let i = 5; i < 30; i++) log.receive(i, i).deferred(i, sec(i, 1));
    for (let k = 5; k < 30; k++) log.active(k, sec(30, k - 5)).sent(k, sec(30, k - 5 + 0.5)).removed(k, sec(30, k - 5 + 0.6));
    log.chatter(40);
    const c = cfg({ queueWarn: 10, queueGrowMinutes: 5, spikeDeferrals: 5, spikeMinutes: 5, repeatMinutes: 10 });
    const lines = log.sorted();
    const whole = replay(lines, c);
    expect(whole.changes.length).toBeGreaterThan(10);
    for (const cut of [60, 100, 130]) {
      const restarted = replay(lines, c, cut);
      expect(restarted.changes.map(brief)).toEqual(whole.changes.map(brief));
      expect(restarted.depth).toEqual(whole.depth);
    }
  });

  it('refuses a malformed saved state as a whole', () => {
    const r = replay(new PostfixLog().receive(1, 0).deferred(1, 1).sorted(), DEFAULT_ALERTS);
    const saved = JSON.parse(JSON.stringify(r.watch.save())) as { hosts: [string, { depth: unknown }][] };
    saved.hosts[0][1].depth = 'many';
    expect(() => new Watch(DEFAULT_ALERTS).load(saved)).toThrow(/malformed/);
  });
});

describe('a silence gap', () => {
  const log = new PostfixLog()
    .receive(0, 0).sent(0, sec(0, 1)).removed(0, sec(0, 2))
    .receive(1, 1).deferred(1, sec(1, 1))
    .chatter(45).chatter(46).chatter(50).chatter(55).chatter(60)
    .active(1, 65).sent(1, sec(65, 0.5)).removed(1, sec(65, 0.6));
  const r = replay(log.sorted(), cfg({ silenceMinutes: 10, silenceLines: 0, stallMinutes: 15, stallDeliveries: 0, repeatMinutes: 10 }));

  it('raises log_silence at the time it would have fired, repeats it, and judges a stall only on live log time', () => {
    expect(r.changes.map(brief)).toEqual([
      '10:11:01.000 log_silence firing',
      '10:21:01.000 log_silence firing (repeat 1)',
      '10:31:01.000 log_silence firing (repeat 2)',
      '10:41:01.000 log_silence firing (repeat 3)',
      '10:45:00.000 log_silence resolved',
      '11:00:00.000 delivery_stalled firing',
      '11:05:00.500 delivery_stalled resolved',
    ]);
    expect(r.changes[0].text).toBe('no Postfix line for 10 min (last one at 2026-11-26 10:01:01 UTC)');
    expect(r.changes[4].text).toBe('resolved after 34 min: log lines again after 44 min of silence');
    expect(r.depth.find((d) => d.timeUs === at(45))!.counts.deferred).toBe(1);
  });

  it('judges silence on the wall clock in live mode (tick), without the next line', () => {
    const live = replay(new PostfixLog().chatter(0).sorted(), cfg({ silenceLines: 0 }));
    expect(live.watch.tick(at(9.9))).toEqual([]);
    expect(live.watch.tick(at(12)).map(brief)).toEqual(['10:10:00.000 log_silence firing']);
    expect(live.watch.tick(at(13))).toEqual([]);
  });
});

describe('a stall with no error line at all', () => {
  const log = new PostfixLog().receive(0, 0).sent(0, sec(0, 1)).removed(0, sec(0, 2));
  for (let i = 1; i <= 20; i++) log.receive(i, i);
  for (let k = 1; k <= 20; k++) log.sent(k, sec(25, k)).removed(k, sec(25, k + 0.1));
  const r = replay(log.sorted(), cfg({ queueWarn: 50, queueGrowMinutes: 5, stallMinutes: 15, spikeDeferrals: 100 }));

  it('sees the queue grow and deliveries stop although nothing was logged as an error', () => {
    expect(r.changes.map(brief)).toEqual([
      '10:06:00.000 queue_depth_high firing',
      '10:16:00.100 delivery_stalled firing',
      '10:22:00.000 queue_depth_high resolved',
      '10:25:01.000 delivery_stalled resolved',
    ]);
    expect(r.changes[0]).toMatchObject({ reason: 'growing', value: 5, windowS: 300, text: 'queue grew from 0 to 5 messages over 5 min without falling' });
    expect(r.changes[1]).toMatchObject({ value: 15, deferrals: 0, cause: undefined, relay: undefined });
    expect(r.changes[1].text).toContain('no delivery attempt logged in that time');
    expect(r.depth.find((d) => d.timeUs === at(sec(20, 0.2)))!.counts).toEqual({ incoming: 0, active: 20, deferred: 0, hold: 0 });
  });
});

describe('alerts on a healthy log', () => {
  it('stay quiet', () => {
    const log = new PostfixLog();
    for (let i = 0; i < 60; i++) log.receive(i, i).sent(i, sec(i, 2)).removed(i, sec(i, 3));
    expect(replay(log.sorted(), DEFAULT_ALERTS).changes).toEqual([]);
  });
});
