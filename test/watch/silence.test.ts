/**
 * log_silence and delivery_stalled relative to each host's own pace (issue 15 item 10): a quiet server stays
 * quiet, a busy one that stops is caught after --silence-minutes, a replay says one gap once, and a stopped
 * Postfix is told apart from a log that stopped. Replayed through the real parser, tracker and watch.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS, type AlertChange, type AlertConfig } from '../../src/watch/alerts.js';
import { at, PostfixLog } from '../support/postfix-log.js';
import { replay } from '../support/replay.js';

const iso = (us: number): string => new Date(us / 1000).toISOString().slice(0, 19);
const brief = (c: AlertChange): string => `${iso(c.timeUs)} ${c.key} ${c.state}${c.state === 'firing' && c.repeat ? ` (repeat ${c.repeat})` : ''}`;
const replayCfg = (over: Partial<AlertConfig> = {}): AlertConfig => ({ ...DEFAULT_ALERTS, replay: true, ...over });
const silences = (cs: AlertChange[]) => cs.filter((c) => c.alert === 'log_silence');

/** A message every `everyMin` minutes from `from` to `to` (minutes after 10:00): 4 Postfix lines each. */
function traffic(log: PostfixLog, from: number, to: number, everyMin: number, first = 0): number {
  let n = first;
  for (let t = from; t < to; t += everyMin, n++) log.receive(n, t).sent(n, t + 0.5 / 60).removed(n, t + 1 / 60);
  return n;
}

describe('a quiet mailbox server', () => {
  // ~100 Postfix lines an hour for 30 h (a message every 2.4 min), with a 45-minute lull every 5 hours.
  const log = new PostfixLog();
  let n = 0;
  for (let h = 0; h < 30; h += 5) {
    n = traffic(log, h * 60, h * 60 + 255, 2.4, n);
    n = traffic(log, h * 60 + 300, h * 60 + 300.1, 1, n);
  }

  it('logs no silence with the defaults, although its lulls are longer than --silence-minutes', () => {
    const r = replay(log.sorted(), replayCfg());
    expect(silences(r.changes).map(brief)).toEqual([]);
  });

  it('would fire on every lull with the fixed threshold alone (--silence-lines 0)', () => {
    const r = replay(log.sorted(), replayCfg({ silenceLines: 0 }));
    expect(silences(r.changes).filter((c) => c.state === 'firing')).toHaveLength(6);
  });
});

describe('a busy afternoon that stops', () => {
  // A message every 12 s for four hours (1 200 lines an hour), then three hours of nothing, then one line.
  const log = new PostfixLog();
  traffic(log, 0, 240, 0.2);
  log.chatter(420);

  it('fires once, --silence-minutes after the last line, and resolves when lines come back (no hourly repeats)', () => {
    const r = replay(log.sorted(), replayCfg());
    // The last message of the afternoon is logged until 14:00:01.
    expect(silences(r.changes).map(brief)).toEqual([
      '2026-11-26T14:10:01 log_silence firing',
      `${iso(at(420))} log_silence resolved`,
    ]);
    expect(silences(r.changes)[0].windowS).toBe(600);
  });

  it('on live input the same gap is repeated every --alert-repeat-minutes while it lasts', () => {
    const r = replay(log.sorted(), { ...DEFAULT_ALERTS });
    expect(silences(r.changes).filter((c) => c.state === 'firing').length).toBeGreaterThan(2);
  });

  it('a stopped Postfix is told apart from a log that stopped', () => {
    const stopped = new PostfixLog();
    traffic(stopped, 0, 240, 0.2);
    stopped.stopped(241).chatter(420);
    const first = silences(replay(stopped.sorted(), replayCfg()).changes)[0];
    expect(first.reason).toBe('postfix_stopped');
    expect(first.text).toMatch(/since Postfix logged its own stop/);
    expect(silences(replay(log.sorted(), replayCfg()).changes)[0].reason).toBeUndefined();
  });
});

describe('a handful of lines over months (parser fixtures)', () => {
  it('raises no silence before the host has logged --silence-lines lines', () => {
    const log = new PostfixLog();
    for (let i = 0; i < 28; i++) log.chatter(i * 60 * 24 * 7);
    expect(replay(log.sorted(), replayCfg()).changes).toEqual([]);
  });
});

describe('delivery_stalled on a host that delivers slowly', () => {
  // One delivery an hour for a day, then a message waits 40 min: normal here (10 deliveries take 10 h).
  const log = new PostfixLog();
  let n = traffic(log, 0, 24 * 60, 60);
  log.receive(n, 24 * 60 + 5).deferred(n, 24 * 60 + 6).chatter(24 * 60 + 45);
  n++;

  it('does not fire after --stall-minutes when the host never delivers that often', () => {
    const r = replay(log.sorted(), replayCfg());
    expect(r.changes.filter((c) => c.alert === 'delivery_stalled')).toEqual([]);
  });

  it('fires with --stall-deliveries 0 (the fixed threshold alone)', () => {
    const r = replay(log.sorted(), replayCfg({ stallDeliveries: 0, silenceLines: 0, silenceMinutes: 60 }));
    expect(r.changes.filter((c) => c.alert === 'delivery_stalled' && c.state === 'firing')).toHaveLength(1);
  });
});
