/**
 * random — the seeded randomness every generated line comes from, and Postfix-shaped identifiers.
 *
 * `Rng` is sfc32 seeded through splitmix32: the same seed gives the same log, byte for byte, on any machine.
 * Queue ids come from a 32-bit bijective mix of a per-host counter, so they never repeat on one host:
 *   `4B7C21A0F3` (10 upper-case hex digits, like Postfix's short ids; some hosts get 11).
 *
 * Limits: not cryptographic; a host that issues more than 2^32 queue ids would wrap (5 M lines use ~700 000).
 */

const HEX = '0123456789ABCDEF';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function splitmix32(state) {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, state];
}

export class Rng {
  constructor(seed) {
    let s = seed | 0;
    const out = [];
    for (let i = 0; i < 4; i++) { const [v, next] = splitmix32(s); out.push(v); s = next; }
    [this.a, this.b, this.c, this.d] = out;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** sfc32: a uniform unsigned 32-bit integer. */
  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next() { return this.u32() / 4294967296; }

  /** Uniform integer in [lo, hi]. */
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }

  chance(p) { return this.next() < p; }

  pick(list) { return list[Math.floor(this.next() * list.length)]; }

  /** Picks from `[[weight, value], …]`; weights need not sum to 1. */
  weighted(table) {
    let total = 0;
    for (const row of table) total += row[0];
    let r = this.next() * total;
    for (const row of table) { r -= row[0]; if (r < 0) return row[1]; }
    return table[table.length - 1][1];
  }

  /** Picks a whole row of `[[weight, …fields], …]` (the row itself, weight included). */
  row(table) {
    let total = 0;
    for (const row of table) total += row[0];
    let r = this.next() * total;
    for (const row of table) { r -= row[0]; if (r < 0) return row; }
    return table[table.length - 1];
  }

  /** Exponential with the given mean (inter-arrival times of a Poisson process). */
  exp(mean) { return -Math.log(1 - this.next()) * mean; }

  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  logNormal(median, sigma) {
    const u = 1 - this.next();
    const v = this.next();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  hex(n) { let s = ''; for (let i = 0; i < n; i++) s += HEX[this.u32() & 15]; return s; }

  alnum(n) { let s = ''; for (let i = 0; i < n; i++) s += ALNUM[this.u32() % 62]; return s; }
}

/** A bijection on 32-bit integers (xor-shift and odd multiplications are each invertible). */
export function mix32(n) {
  let x = n >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** The `counter`-th queue id of a host: a free prefix of `prefixDigits` hex digits, then the mixed counter. */
export function queueId(rng, counter, prefixDigits) {
  return rng.hex(prefixDigits) + mix32(counter).toString(16).toUpperCase().padStart(8, '0');
}
