/**
 * shared-strings — one shared copy of strings that recur on thousands of lines (host, client and relay names,
 * recipient domains, a deferred recipient's reply), so that what waits in memory is one string, not one per line.
 *
 *   `connect to mx.b.example[192.0.2.7]:25: Connection timed out` on 5 000 deferred messages → one string
 * Limits: at most `max` are remembered; when that many are, the table starts over (it follows the strings in
 * use now and its memory stays bounded).
 */
import { flatCopy } from './flat-copy.js';

/** A client or relay as the parser gives it (structural: src/parse/postfix-events.ts `Peer`). */
export interface PeerLike { name: string; address?: string; port?: number }

/**
 * One shared copy of each of a few recurring names (MTA hosts, client and relay names, recipient domains) or
 * texts (a deferred recipient's dsn and reply: in an outage thousands of waiting messages carry the same
 * `connect to mx.b.example[192.0.2.7]:25: Connection timed out`): every line carries its own copy of the same
 * string. At most `max` are remembered; when that many are, the table starts over, so it follows the strings
 * in use now and its memory stays bounded. A string longer than `maxLength` is copied, not remembered.
 */
export class SharedStrings {
  readonly #names = new Map<string, string>();

  constructor(readonly max = 10_000, readonly maxLength = Infinity) {}

  get(name: string): string {
    let n = this.#names.get(name);
    if (n === undefined) {
      n = flatCopy(name);
      if (n.length > this.maxLength) return n;
      if (this.#names.size >= this.max) this.#names.clear();
      this.#names.set(n, n);
    }
    return n;
  }

  /** How many are remembered now. */
  get size(): number { return this.#names.size; }
}

/** One shared, frozen record per client (name, address, port), with shared strings; starts over when full. */
export class SharedPeers {
  readonly #peers = new Map<string, PeerLike>();

  constructor(readonly names: SharedStrings, readonly max = 10_000) {}

  get(p: PeerLike): PeerLike {
    const k = `${p.name}[${p.address ?? ''}]:${p.port ?? ''}`;
    let shared = this.#peers.get(k);
    if (shared === undefined) {
      shared = Object.freeze({ name: this.names.get(p.name), address: p.address === undefined ? undefined : this.names.get(p.address), port: p.port });
      if (this.#peers.size >= this.max) this.#peers.clear();
      this.#peers.set(flatCopy(k), shared);
    }
    return shared;
  }
}
