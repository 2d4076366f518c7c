/**
 * world — everything one generated log shares: the seeded rng, the emitter, the hosts, the queue lifetime,
 * counters, and the two services other files call back into: `routeFor` (which delivery agent and relay an
 * address gets on a host) and `reinject` (the content filter handing a message back on 127.0.0.1:10025).
 *
 *   `mx1 postfix/smtpd[20433]: 5E1F0A2B3C: client=localhost[127.0.0.1], orig_queue_id=4B7C21A0F3, orig_client=…`
 *
 * Limits: mail between our own hosts is delivered as seen from the sender only (no cross-host hop).
 */

import { Rng } from './random.mjs';
import { Emitter } from './emitter.mjs';
import { Host } from './host.mjs';
import { say, enqueue } from './delivery.mjs';
import { PROVIDERS, LOCAL_DOMAINS } from './catalog.mjs';

const BY_DOMAIN = new Map();
for (const [, p] of PROVIDERS) {
  p.domains.forEach((d, i) => BY_DOMAIN.set(d, { ...p, mx: p.mx.replace('{domain}', d), ip: p.ip.replace('{n}', String(20 + i * 7)) }));
}
const LMTP = { program: 'lmtp', relay: 'mail.example.org[private/dovecot-lmtp]', mx: 'mail.example.org', ip: 'private/dovecot-lmtp',
  ok: '250 2.0.0 <{to}> {id} Saved' };
const LOCAL = { program: 'local', relay: 'local', mx: 'local', ip: '', ok: 'delivered to mailbox' };
const RELAY_IN = { program: 'smtp', relay: 'mx1.example.org[10.0.0.2]:25', mx: 'mx1.example.org', ip: '10.0.0.2', ok: '250 2.0.0 Ok: queued as {id}' };
export const FILTER = { program: 'smtp', relay: '127.0.0.1[127.0.0.1]:10024', mx: '127.0.0.1', ip: '127.0.0.1', ok: '250 2.0.0 Ok: queued as {id}', filter: true };

/** @param {{seed:number, lines:number, format:string, hosts:number, lifetimeS:number, startUs:number}} o */
export function createWorld(o) {
  const rng = new Rng(o.seed);
  const em = new Emitter(o.format, o.lines);
  em.nowUs = o.startUs;
  const hosts = [];
  for (let i = 0; i < o.hosts; i++) hosts.push(new Host(rng, i, i % 3 === 2 ? 'out' : 'mx'));
  const w = {
    rng, em, hosts,
    lifetimeUs: o.lifetimeS * 1e6,
    stats: { arrivals: 0, queueIds: 0, removed: 0, expired: 0, ndrs: 0, rejects: 0, reinjected: 0, inflight: 0 },
    routeFor: (host, address) => routeFor(host, address),
    reinject: (msg, startUs, endUs) => reinject(w, msg, startUs, endUs),
  };
  return w;
}

function routeFor(host, address) {
  const domain = address.slice(address.indexOf('@') + 1);
  if (domain === host.fqdn || !address.includes('@')) return LOCAL;
  if (LOCAL_DOMAINS.includes(domain)) return host.role === 'mx' ? LMTP : RELAY_IN;
  const known = BY_DOMAIN.get(domain);
  if (known) return { program: 'smtp', relay: `${known.mx}[${known.ip}]:25`, mx: known.mx, ip: known.ip, domain, ok: known.ok };
  const ip = `203.0.113.${(domain.length * 37) % 250 + 2}`;
  return { program: 'smtp', relay: `mx.${domain}[${ip}]:25`, mx: `mx.${domain}`, ip, domain, ok: '250 2.0.0 Ok: queued as {id}' };
}

/** The filter's own SMTP session into 127.0.0.1:10025, finishing before the filter's 250 reply at `endUs`. */
function reinject(w, msg, startUs, endUs) {
  const { host, rng } = { host: msg.host, rng: w.rng };
  const inner = msg.next;
  const pid = host.acquireSmtpd();
  const peer = 'localhost[127.0.0.1]';
  const span = endUs - startUs;
  say(w, startUs + span * 0.55, host, 'postfix/smtpd', pid, `connect from ${peer}`);
  const client = host.index % 4 === 0
    ? `client=${peer}, orig_queue_id=${msg.qid}, orig_client=${msg.clientPeer}`
    : `client=${peer}`;
  say(w, startUs + span * 0.6, host, 'postfix/smtpd', pid, `${inner.qid}: ${client}`);
  say(w, startUs + span * 0.7, host, 'postfix/cleanup', host.pid('cleanup'), `${inner.qid}: message-id=${inner.msgid}`);
  inner.arrivalUs = startUs + span * 0.6;
  enqueue(w, inner, endUs - rng.int(1000, 3000));
  const n = inner.rcpts.length;
  w.em.at(endUs + rng.int(500, 3000), (t) => {
    w.em.line(t, host.name, 'postfix/smtpd', pid, `disconnect from ${peer} ehlo=1 xforward=1 mail=1 rcpt=${n} data=1 quit=1 commands=${5 + n}`);
    host.release(pid);
  });
  w.em.at(endUs + rng.int(3000, 9000), (t) => w.em.line(t, host.name, 'amavis', 7000 + (pid % 900),
    `(0${pid % 9000}-0${rng.int(1, 9)}) Passed CLEAN {RelayedInbound}, [${msg.clientIp}]:${rng.int(30000, 60000)} <${msg.from}> -> <${inner.rcpts[0].to}>, Queue-ID: ${msg.qid}, Message-ID: ${msg.msgid}, mail_id: ${rng.alnum(12)}, Hits: -${rng.int(0, 30) / 10}, size: ${msg.size}, queued_as: ${inner.qid}, ${Math.round(span / 1000)} ms`));
  w.stats.reinjected++;
}
