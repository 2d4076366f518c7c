#!/usr/bin/env node
/**
 * generate — a deterministic, seeded generator of realistic Postfix logs for the benchmark (issue 8).
 *
 *   node bench/generate.mjs --lines 500000 --seed 1 --format rfc3339 > /tmp/mail.log
 *   node bench/generate.mjs --inflight 100000 > /tmp/inflight.log     (queued + deferred, never removed)
 *
 * Several hosts (mx1, mx2 with an amavis hop on 127.0.0.1:10024/10025, out3 for submission) interleaved in one
 * stream, as a central syslog writes them; mostly delivered, some deferred then delivered, bounces (user
 * unknown, mailbox full, policy/RBL, too large) with NDRs, expiries with NDRs, NOQUEUE rejects, multi-recipient
 * and long-lived deferred messages, and foreign daemons' lines. Output is streamed; memory stays small.
 * `--steady` drops the day/night swing of the arrival rate (for RSS-flat checks); `--stats` prints a JSON
 * summary (lines, messages, queue ids, …) on stderr.
 *
 * Limits: UTC timestamps; RFC 3164 stamps carry no year (the default start is 2026-11-01, so read them with
 * `--year 2026 --timezone UTC`). The queue lifetime defaults to a fifth of the log's span (clamped to
 * 30 min … 5 days) so expiries happen inside short files.
 */

import { once } from 'node:events';
import { createWorld } from './gen/world.mjs';
import { inbound, outbound, pickup, rejected, noise } from './gen/flows.mjs';

const USAGE = 'usage: generate.mjs [--lines N] [--seed N] [--format rfc3339|rfc3164] [--hosts N] [--rate LINES_PER_S]\n'
  + '                    [--start ISO] [--queue-lifetime SECONDS] [--inflight N] [--steady] [--stats]';
/** Lines written per arrival on average with the default mix (measured); turns --rate into an arrival rate. */
const LINES_PER_ARRIVAL = 9.2;

function parse(argv) {
  const o = { lines: 500000, seed: 1, format: 'rfc3339', hosts: 3, rate: 40, start: '2026-11-01T00:00:00Z', queueLifetime: 0, inflight: 0, steady: false, stats: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const key = a.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o) || !a.startsWith('--')) throw new Error(`unknown argument ${a}\n${USAGE}`);
    if (typeof o[key] === 'boolean') { o[key] = true; continue; }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
    o[key] = typeof o[key] === 'number' ? Number(v) : v;
    if (typeof o[key] === 'number' && !Number.isFinite(o[key])) throw new Error(`${a}: not a number: ${v}`);
  }
  if (o.format !== 'rfc3339' && o.format !== 'rfc3164') throw new Error(`--format must be rfc3339 or rfc3164\n${USAGE}`);
  return o;
}

/** Picks what arrives next, by traffic share; outbound goes to `out` hosts, inbound and rejects to `mx` hosts. */
function arrive(w, t) {
  const rng = w.rng;
  const mx = w.hosts.filter((h) => h.role === 'mx');
  const out = w.hosts.filter((h) => h.role === 'out');
  const kind = rng.weighted([[50, 'in'], [30, 'out'], [12, 'reject'], [3, 'pickup'], [5, 'noise']]);
  if (kind === 'in') inbound(w, rng.pick(mx), t);
  else if (kind === 'out') outbound(w, rng.pick(out.length ? out : mx), t, false);
  else if (kind === 'reject') rejected(w, rng.pick(mx), t);
  else if (kind === 'pickup') pickup(w, rng.pick(w.hosts), t);
  else noise(w, rng.pick(w.hosts), t);
}

async function main() {
  const o = parse(process.argv.slice(2));
  const startUs = Date.parse(o.start) * 1000;
  if (!Number.isFinite(startUs)) throw new Error(`--start: not a date: ${o.start}`);
  const spanS = o.lines / o.rate;
  const lifetimeS = o.queueLifetime || Math.max(1800, Math.min(5 * 86400, Math.round(spanS / 5)));
  const w = createWorld({ seed: o.seed, lines: o.inflight ? Infinity : o.lines, format: o.format, hosts: Math.max(1, o.hosts), lifetimeS, startUs });
  const out = process.stdout;
  const drain = async () => { if (!out.write(w.em.take())) await once(out, 'drain'); };
  let t = startUs;
  if (o.inflight) {
    for (let i = 0; i < o.inflight; i++) {
      t += w.rng.exp(5000);
      w.em.runUntil(t);
      outbound(w, w.hosts[i % w.hosts.length], t, true);
      if (w.em.chunk.length > 1 << 20) await drain();
    }
    w.em.runUntil(Infinity);
  } else {
    while (!w.em.done) {
      const hour = ((t / 3.6e9) % 24) / 24;
      const rate = (o.rate / LINES_PER_ARRIVAL) * (o.steady ? 1 : 1 + 0.5 * Math.sin(2 * Math.PI * (hour - 0.375)));
      t += w.rng.exp(1e6 / rate);
      w.em.runUntil(t);
      if (w.em.done) break;
      arrive(w, t);
      if (w.em.chunk.length > 1 << 20) await drain();
    }
  }
  await drain();
  if (o.stats) {
    const s = { lines: w.em.lines, spanSeconds: Math.round((w.em.nowUs - startUs) / 1e6), queueLifetimeSeconds: lifetimeS, ...w.stats };
    process.stderr.write(JSON.stringify(s) + '\n');
  }
}

main().catch((e) => { process.stderr.write(`${e.message}\n`); process.exit(2); });
