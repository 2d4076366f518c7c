/**
 * host — one generated Postfix instance: its name, role, process ids and queue-id counter.
 *
 * Roles: `mx` hosts receive mail from the internet (some pass it through an amavis content filter on
 * 127.0.0.1:10024 → 10025) and deliver to Dovecot over LMTP; `out` hosts take authenticated submission
 * and relay it to the world. Every host also runs pickup/local for cron mail and sends its own NDRs.
 * An smtpd pid serves one session at a time (sessions without a queue id are tied together by pid):
 *   `mx1 postfix/smtpd[20417]: connect from mail-wr1-f54.google.com[209.85.221.54]`
 *
 * Limits: a fixed small pool of delivery-agent pids per program; pids never wrap.
 */

import { queueId } from './random.mjs';

export class Host {
  constructor(rng, index, role) {
    this.rng = rng;
    this.index = index;
    this.role = role;
    this.name = role === 'mx' ? `mx${index + 1}` : `out${index + 1}`;
    this.fqdn = `${this.name}.example.org`;
    this.filter = role === 'mx' && index % 2 === 0;
    this.idCounter = rng.int(1, 1 << 20);
    this.prefixDigits = index % 3 === 2 ? 3 : 2;
    this.nextPid = 1000 + rng.int(0, 500);
    this.qmgr = this.spawn();
    this.pickup = this.spawn();
    this.pools = {};
    for (const program of ['cleanup', 'smtp', 'lmtp', 'bounce', 'local']) {
      this.pools[program] = Array.from({ length: program === 'smtp' ? 12 : 4 }, () => this.spawn());
    }
    this.freeSmtpd = [];
  }

  spawn() { this.nextPid += this.rng.int(1, 60); return this.nextPid; }

  /** A fresh queue id, unique on this host. */
  queueId() { return queueId(this.rng, this.idCounter++, this.prefixDigits); }

  /** Some running process of `program` (cleanup, smtp, lmtp, bounce, local). */
  pid(program) { return this.rng.pick(this.pools[program]); }

  /** An smtpd process for a whole session; give it back with `release`. */
  acquireSmtpd() { return this.freeSmtpd.length > 0 ? this.freeSmtpd.pop() : this.spawn(); }

  release(pid) { this.freeSmtpd.push(pid); }
}
